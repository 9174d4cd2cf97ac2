#!/usr/bin/env python3
"""Trains the Portuguese review-sentiment model; writes Sources/Sentiment/Generated/PortugueseModel.swift.

Model: logistic regression over byte 2-5-grams of the normalised text (each n-gram's count over the
square root of the text's number of n-grams) plus one rule feature (the Portuguese rule score). The
normalised text and the rule feature come from `pricewatch sentiment --tsv --features --language pt`,
so this script and PortugueseAnalyzer.swift cannot drift apart: only the n-gram walk is written twice.

Data: ../shared/data/reviews_pt.tsv (stars<TAB>text, a header line) - not committed. Stars 4-5 are
positive, 1-2 negative, 3 left out. Rows whose crc32(text) % 5 == 0 are held out and never trained
on; C and the rule feature's scale are chosen by 5-fold cross-validation on the training rows only.
Also prints a 2-fold figure (train on crc32 % 2 == k, test on the other half), as the project is
judged on a half it does not have. A score of exactly 0 counts as wrong everywhere.

Needs numpy, scipy and scikit-learn.
Usage: swift build && python3 scripts/sentiment/train_pt.py [.build/debug/pricewatch] [PATH/TO/reviews_pt.tsv]
"""
import os, subprocess, sys, zlib
import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression

MIN_GRAM, MAX_GRAM = 2, 5
MIN_DF = 2
CS = [3, 10, 30, 100]
RULE_SCALES = [0.5, 1, 2, 4]

def grams(text):
    """The byte n-grams PortugueseAnalyzer.gramLogit walks, and how many there are."""
    b = text.encode("utf-8")
    out = [b[i:i + n] for i in range(len(b)) for n in range(MIN_GRAM, MAX_GRAM + 1) if i + n <= len(b)]
    return out, len(out)

def load(binary, path):
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            stars, _, text = line.rstrip("\n").partition("\t")
            if stars.strip() in ("1", "2", "4", "5"):
                rows.append((int(stars) >= 4, text))
    feed = "".join(f"{i}\t{t}\n" for i, (_, t) in enumerate(rows))
    out = subprocess.run([binary, "sentiment", "--tsv", "--features", "--language", "pt"], input=feed,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    feats = []
    for line in out[:len(rows)]:
        _, rule, norm = line.split("\t", 2)
        feats.append((float(rule), norm))
    return [(lab, text, rule, norm) for (lab, text), (rule, norm) in zip(rows, feats)]

class Model:
    def __init__(self, rows, C, scale):
        self.scale = scale
        df = {}
        for r in rows:
            for g in set(grams(r[3])[0]):
                df[g] = df.get(g, 0) + 1
        self.vocab = {g: i for i, g in enumerate(g for g, n in df.items() if n >= MIN_DF)}
        X, y = self.matrix(rows), np.array([r[0] for r in rows])
        self.lr = LogisticRegression(C=C, max_iter=5000).fit(X, y)

    def matrix(self, rows):
        ind, val, ptr = [], [], [0]
        for r in rows:
            gs, n = grams(r[3])
            counts = {}
            for g in gs:
                k = self.vocab.get(g)
                if k is not None:
                    counts[k] = counts.get(k, 0) + 1
            for k, c in counts.items():
                ind.append(k); val.append(c / max(n, 1) ** 0.5)
            ptr.append(len(ind))
        G = csr_matrix((val, ind, ptr), shape=(len(rows), len(self.vocab)))
        R = csr_matrix(np.array([[r[2] * self.scale] for r in rows]))
        return hstack([G, R]).tocsr()

    def logits(self, rows):
        return self.lr.decision_function(self.matrix(rows))

def accuracy(logits, rows):
    """Right when the sign matches the stars; exactly 0 is wrong. Returns (accuracy, zeros)."""
    right = sum(1 for v, r in zip(logits, rows) if v != 0 and (v > 0) == r[0])
    return right / len(rows), sum(1 for v in logits if v == 0)

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", ".."))
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build", "debug", "pricewatch")
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "..", "shared", "data", "reviews_pt.tsv")
    rows = load(binary, path)
    crc = lambda r: zlib.crc32(r[1].encode("utf-8"))
    held = [r for r in rows if crc(r) % 5 == 0]
    train = [r for r in rows if crc(r) % 5 != 0]
    rule_only = accuracy([r[2] for r in held], held)
    print(f"{len(rows)} rows (3 stars left out): {len(train)} training, {len(held)} held out; rules alone on held-out {rule_only[0]:.4f} ({rule_only[1]} zeros)")

    best = None
    for C in CS:
        for scale in RULE_SCALES:
            accs = []
            for k in range(5):
                fit = [r for r in train if (crc(r) // 5) % 5 != k]
                val = [r for r in train if (crc(r) // 5) % 5 == k]
                accs.append(accuracy(Model(fit, C, scale).logits(val), val)[0])
            cv = float(np.mean(accs))
            print(f"  C {C:g} rule scale {scale:g}: 5-fold CV on training rows {cv:.4f}")
            if best is None or cv > best[0]:
                best = (cv, C, scale)
    _, C, scale = best
    model = Model(train, C, scale)
    acc, zeros = accuracy(model.logits(held), held)
    halves = []
    for k in range(2):
        fit = [r for r in rows if crc(r) % 2 == k]
        test = [r for r in rows if crc(r) % 2 != k]
        halves.append(accuracy(Model(fit, C, scale).logits(test), test))
    two_fold = (halves[0][0] + halves[1][0]) / 2
    print(f"chosen C {C:g}, rule scale {scale:g}: held-out accuracy {acc:.4f} ({zeros} zeros), "
          f"2-fold {halves[0][0]:.4f} / {halves[1][0]:.4f} = {two_fold:.4f}")

    coef = model.lr.coef_.ravel()
    words = {i: g for g, i in model.vocab.items()}
    kept = {}
    for i in range(len(words)):
        w = round(float(coef[i]), 4)
        if w == 0:
            continue
        try:
            kept[words[i].decode("utf-8")] = w
        except UnicodeDecodeError:
            pass  # an n-gram that cuts a multi-byte letter: dropped (it is not representable as text)
    out = os.path.join(root, "Sources", "Sentiment", "Generated", "PortugueseModel.swift")
    with open(out, "w", encoding="utf-8") as f:
        f.write("// Generated by scripts/sentiment/train_pt.py - do not edit.\n")
        f.write(f"// Logistic regression over byte 2-5-grams plus the rule feature, trained on {len(train)} rows of\n")
        f.write(f"// reviews_pt.tsv (stars 1-2 / 4-5, crc32(text) % 5 != 0), C {C:g}, rule scale {scale:g} by 5-fold CV;\n")
        f.write(f"// held-out accuracy {acc:.4f} on {len(held)} rows ({zeros} zeros); 2-fold {two_fold:.4f}; {len(kept)} n-grams.\n\n")
        f.write('let portugueseModelText = ##"""\n')
        f.write(f"@bias\t{float(model.lr.intercept_[0]):.4f}\n")
        f.write(f"@rule\t{float(coef[-1]) * scale:.4f}\n")
        for g, v in sorted(kept.items()):
            f.write(f"{g}\t{v:g}\n")
        f.write('"""##\n')
    print(f"{len(kept)} n-grams -> {os.path.relpath(out, root)}")

if __name__ == "__main__":
    main()
