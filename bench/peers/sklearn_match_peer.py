"""Peer: scikit-learn TF-IDF over character trigrams, cosine, mutual best pairs (the issue's
baseline). `sklearn_match_peer.py DIR [--tune]` reads DIR/left.csv, right.csv, gold.csv; with
--tune the cosine threshold is the one that maximises F1 against gold (tuned on the answer, as the
issue's 0.644 on the unseen pair was measured). Prints seconds, peak RSS, precision, recall, F1."""
import csv, json, resource, sys, time
from importlib.metadata import version
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

d = sys.argv[1]
tune = "--tune" in sys.argv
def rows(name):
    with open(f"{d}/{name}", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
left, right = rows("left.csv"), rows("right.csv")
gold = {(g["left_id"], g["right_id"]) for g in rows("gold.csv")} if "left_id" in rows("gold.csv")[0] else set()

t0 = time.time()
vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), lowercase=True, sublinear_tf=True)
vec.fit([r["title"] for r in left] + [r["title"] for r in right])
L, R = vec.transform([r["title"] for r in left]), vec.transform([r["title"] for r in right])
# Best right per left and best left per right, a block of left rows at a time (the full product
# would not fit in memory at 100k x 100k).
best_r = np.zeros(L.shape[0], dtype=np.int64); best_r_score = np.zeros(L.shape[0])
best_l = np.full(R.shape[0], -1, dtype=np.int64); best_l_score = np.zeros(R.shape[0])
RT = R.T.tocsr()
for start in range(0, L.shape[0], 256):
    block = (L[start:start + 256] @ RT).toarray()
    idx = block.argmax(axis=1)
    best_r[start:start + 256] = idx
    best_r_score[start:start + 256] = block[np.arange(block.shape[0]), idx]
    col = block.argmax(axis=0); colv = block[col, np.arange(block.shape[1])]
    better = colv > best_l_score
    best_l[better] = col[better] + start; best_l_score[better] = colv[better]
mutual = [(i, int(best_r[i]), best_r_score[i]) for i in range(L.shape[0]) if best_l[best_r[i]] == i and best_r_score[i] > 0]
seconds = time.time() - t0

def score(threshold):
    pairs = {(left[i]["id"], right[j]["id"]) for i, j, s in mutual if s >= threshold}
    tp = len(pairs & gold)
    p = tp / len(pairs) if pairs else 0; r = tp / len(gold) if gold else 0
    return p, r, 2 * p * r / (p + r) if p + r else 0, threshold
p, r, f1, th = max((score(t) for t in np.arange(0.0, 1.0, 0.02)), key=lambda x: x[2]) if tune else score(0.0)
print(json.dumps({"name": f"scikit-learn {version('scikit-learn')} TF-IDF trigrams", "seconds": seconds,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "precision": p, "recall": r, "f1": f1, "threshold": th}))
