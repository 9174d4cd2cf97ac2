"""Peer: SnowNLP on the held-out rows of reviews_zh.tsv - accuracy and reviews/s (JSON on stdout).
The held-out rows are chosen by the same rule as scripts/sentiment/train_zh.py (argv[2] = modulus)."""
import json, sys, time, zlib
from importlib.metadata import version
from snownlp import SnowNLP

rows = []
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    parts = line.rstrip("\n").split("\t", 1)
    if len(parts) == 2 and parts[0] in ("pos", "neg"):
        rows.append((parts[0], parts[1]))
held = [r for r in rows if zlib.crc32(r[1].encode("utf-8")) % 5 == 0]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else len(held)
held = held[:limit]
t0 = time.perf_counter()
right = 0
for label, text in held:
    p = SnowNLP(text).sentiments
    right += (p >= 0.5) == (label == "pos")
elapsed = time.perf_counter() - t0
print(json.dumps({"peer": "SnowNLP", "version": version("snownlp"), "rows": len(held), "accuracy": right / len(held),
                  "per_second": len(held) / elapsed}))
