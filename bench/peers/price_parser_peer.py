"""Peer: price-parser on ../shared/data/price_strings.jsonl - accuracy and strings/s (JSON on stdout)."""
import json, sys, time
from decimal import Decimal
from importlib.metadata import version
from price_parser import Price

rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
def same(got, want):
    if want is None:
        return got is None
    return got is not None and Decimal(got) == Decimal(want)

right = sum(same(Price.fromstring(r["text"], currency_hint=r.get("currency_hint")).amount, r["amount"]) for r in rows)
reps = max(1, 200_000 // len(rows))
t0 = time.perf_counter()
for _ in range(reps):
    for r in rows:
        Price.fromstring(r["text"], currency_hint=r.get("currency_hint"))
elapsed = time.perf_counter() - t0
print(json.dumps({"peer": "price-parser", "version": version("price-parser"), "rows": len(rows), "right": right,
                  "accuracy": right / len(rows), "per_second": reps * len(rows) / elapsed}))
