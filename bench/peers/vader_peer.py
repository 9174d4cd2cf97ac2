"""Peer: vaderSentiment on reviews_en.tsv - Pearson r, 3-class macro-F1, snippets/s (JSON on stdout)."""
import json, sys, time
from importlib.metadata import version
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

rows = []
for line in open(sys.argv[1], encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) >= 3:
        rows.append((float(parts[1]), parts[2]))
a = SentimentIntensityAnalyzer()
scores = [a.polarity_scores(t)["compound"] for _, t in rows]
human = [h for h, _ in rows]

def pearson(x, y):
    n = len(x); mx = sum(x) / n; my = sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x); syy = sum((b - my) ** 2 for b in y)
    return sxy / (sxx * syy) ** 0.5

def cls(v, lo, hi):
    return "pos" if v > hi else "neg" if v < lo else "neu"

def macro_f1(truth, pred):
    f = []
    for c in ("pos", "neu", "neg"):
        tp = sum(1 for t, p in zip(truth, pred) if t == c and p == c)
        fp = sum(1 for t, p in zip(truth, pred) if t != c and p == c)
        fn = sum(1 for t, p in zip(truth, pred) if t == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0; rec = tp / (tp + fn) if tp + fn else 0
        f.append(2 * prec * rec / (prec + rec) if prec + rec else 0)
    return sum(f) / 3

truth = [cls(h, -0.5, 0.5) for h in human]
pred = [cls(s, -0.05, 0.05) for s in scores]
reps = max(1, 20_000 // len(rows))
t0 = time.perf_counter()
for _ in range(reps):
    for _, t in rows:
        a.polarity_scores(t)
elapsed = time.perf_counter() - t0
print(json.dumps({"peer": "vaderSentiment", "version": version("vaderSentiment"), "rows": len(rows),
                  "pearson": pearson(scores, human), "macro_f1": macro_f1(truth, pred), "per_second": reps * len(rows) / elapsed}))
