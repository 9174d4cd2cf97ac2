"""Runs pricewatch's benchmarks and the peers' on the same inputs in one invocation, prints a table
and writes bench/results.md. A peer that cannot be installed is skipped with a clear line."""
import datetime, json, os, platform, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "data")
OURS = os.path.join(ROOT, ".build", "release", "pricewatch-bench")
PY = os.path.join(ROOT, "bench", ".venv", "bin", "python")
PEERS_OK = os.environ.get("PEERS_OK", "1") == "1"
rows, notes = [], []


def ours(*args):
    out = subprocess.run([OURS, *args], capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        raise RuntimeError(f"pricewatch-bench {' '.join(args)} failed: {out.stderr.strip()[-400:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def peer(script, *args):
    if not PEERS_OK:
        return None
    out = subprocess.run([PY, os.path.join(ROOT, "bench", "peers", script), *args], capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        notes.append(f"{script}: peer failed ({out.stderr.strip().splitlines()[-1] if out.stderr.strip() else 'no output'}); comparison skipped")
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def row(bench, metric, ours_value, peer_value=None, peer_name="", higher_better=True, target=""):
    ratio = ""
    if peer_value:
        ratio = f"{(ours_value / peer_value) if higher_better else (peer_value / ours_value):.1f}x"
    rows.append((bench, metric, fmt(ours_value), peer_name, fmt(peer_value) if peer_value is not None else "-", ratio, target))


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def shared(name):
    path = os.path.join(SHARED, name)
    if not os.path.exists(path):
        notes.append(f"{name}: ../shared/data is absent; benchmark skipped")
        return None
    return path


def run_suite(name, fn):
    try:
        fn()
    except Exception as e:  # a benchmark that fails is reported, the others still run
        notes.append(f"{name}: {e}")


def price():
    path = shared("price_strings.jsonl")
    if not path:
        return
    o = ours("price", path)
    p = peer("price_parser_peer.py", path)
    row("price parsing", "accuracy", o["accuracy"], p and p["accuracy"], p and f"price-parser {p['version']}", target=">= peer")
    row("price parsing", "strings/s", o["per_second"], p and p["per_second"], p and f"price-parser {p['version']}", target=">= 10x")


def fetch():
    o = ours("fetch", "20000")
    row("fetch", "pages/s (20 KB, 64 in flight)", o["per_second"], target=">= 5,000")
    row("fetch", "CPU seconds", o["cpu_seconds"], higher_better=False)
    row("fetch", "peak RSS MB", o["peak_rss_mb"], target="< 100")


def store():
    o = ours("store", "1000000")
    row("store", "inserts/s (batches of 1,000)", o["inserts_per_second"], target=">= 200,000")
    # The same inserts per second of the writer's own CPU time: steadier than wall time on a shared machine.
    row("store", "inserts per CPU-second", o["observations"] / o["insert_cpu_seconds"])
    row("store", "latest-price query ms (1M obs)", o["latest_price_query_ms"], target="< 50")
    row("store", "MB per million observations", o["file_mb_per_million"])


def extract():
    folder = os.path.join(ROOT, "bench", "work", "pages")
    o = ours("extract", folder, "2000")
    p = peer("parsel_peer.py", folder)
    row("extraction", "pages/s (2,000 demo pages)", o["per_second"], p and p["per_second"], p and f"parsel {p['version']}", target=">= 2x")


def report():
    o = ours("report", "1000000")
    row("report", "seconds for 1M observations", o["seconds"], higher_better=False, target="< 5")


def sentiment():
    en, zh = shared("reviews_en.tsv"), shared("reviews_zh.tsv")
    if not en or not zh:
        return
    o = ours("sentiment", en, zh)
    p = peer("vader_peer.py", en)
    name = p and f"vaderSentiment {p['version']}"
    row("sentiment en", "Pearson r (1,113 rows)", o["en_pearson"], p and p["pearson"], name, target=">= 0.65")
    row("sentiment en", "macro-F1", o["en_macro_f1"], p and p["macro_f1"], name, target=">= 0.62")
    row("sentiment en", "snippets/s (one core)", o["en_per_second"], p and p["per_second"], name, target=">= 200,000")
    p = peer("snownlp_peer.py", zh)
    name = p and f"SnowNLP {p['version']}"
    row("sentiment zh", "accuracy (held-out fifth)", o["zh_heldout_accuracy"], p and p["accuracy"], name, target=">= 0.90")
    row("sentiment zh", "reviews/s", o["zh_per_second"], p and p["per_second"], name)
    notes.append("sentiment en: 80% of reviews_en.tsv trains the word model (scripts/sentiment/train_en.py); the held-out fifth alone "
                 "is reported by `swift test --filter AccuracyTests`")
    notes.append("sentiment zh: reviews_zh.tsv is a sample of the corpus bundled with SnowNLP, so SnowNLP's accuracy here is measured "
                 "on texts its model was trained on; ours is trained on the other four fifths of reviews_zh.tsv only")


def crawl():
    out = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "crawl_bench.py"), "5000", "16"], capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        raise RuntimeError(f"crawl_bench.py failed: {out.stderr.strip()[-400:]}")
    o = json.loads(out.stdout.strip().splitlines()[-1])
    if "skipped" in o:
        notes.append(f"crawl: {o['skipped']}; comparison with Scrapy skipped")
        return
    pw, sc = o["pricewatch"], o.get("scrapy")
    name = sc and f"Scrapy {sc['version']}"
    label = f"5,000 nginx-served pages, {o['concurrency']} in flight"
    row("crawl", f"pages/s ({label})", pw["pages_per_second"], sc and sc["pages_per_second"], name, target=">= 10x")
    row("crawl", "CPU seconds", pw["cpu_seconds"], sc and sc["cpu_seconds"], name, higher_better=False)
    row("crawl", "peak RSS MB", pw["peak_rss_mb"], sc and sc["peak_rss_mb"], name, higher_better=False, target="< half")
    row("crawl", "items with a price", pw["items_with_price"], sc and sc["items_with_price"], name)
    if not sc:
        notes.append("crawl: Scrapy is not installed in bench/.venv; comparison skipped")


def autoextract():
    if not shared("product_pages"):
        return
    o = ours("autoextract")
    published = {"price": "Zyte 0.92 / Diffbot 0.82", "sku": "Zyte 0.84 / Diffbot 0.77", "availability": "Zyte 0.96 / Diffbot 0.94"}
    for a in ("price", "sku", "availability"):
        row("auto extraction", f"{a} F1 (P {o[a + '_precision']:.2f}, R {o[a + '_recall']:.2f}; 40 dev pages)", o[a + "_f1"],
            target=f"> Diffbot ({published[a]}, published)")
    row("auto extraction", "pages/s (real pages, ~0.5 MB)", o["pages_per_second"])


def reprice():
    o = ours("reprice", "100000", "10")
    row("reprice", "seconds for 100,000 SKUs x 10 offers", o["seconds"], higher_better=False, target="< 2")
    row("reprice", "SKUs/s", o["skus_per_second"])


def match():
    abt = shared(os.path.join("matching", "abt-buy"))
    if abt:
        o = ours("match-abt-buy", abt)
        pk = peer("sklearn_match_peer.py", abt, "--tune")
        row("matching", "Abt-Buy F1 (one to one; peer: mutual best, threshold tuned on the answer)", o["f1"], pk and pk["f1"], pk and pk["name"] or "", target=">= 0.75 (unseen pair)")
    n = os.environ.get("MATCH_RECORDS", "100000")
    tmp = os.path.join(ROOT, ".build", "match-bench")
    o = ours("match", n, "--write", tmp)
    pk = peer("sklearn_match_peer.py", tmp)
    name = pk and pk["name"] or ""
    row("matching", f"seconds for {int(n):,} x {int(n):,} records", o["seconds"], pk and pk["seconds"], name, higher_better=False, target=">= 10x faster")
    row("matching", "peak RSS MB", o["peak_rss_mb"], pk and pk["peak_rss_mb"], name, higher_better=False)
    row("matching", "F1 on the generated truth", 2 * o["precision"] * o["recall"] / max(1e-9, o["precision"] + o["recall"]), pk and pk["f1"], name)


SUITES = {"crawl": crawl, "price": price, "fetch": fetch, "store": store, "extract": extract, "autoextract": autoextract, "report": report, "sentiment": sentiment, "reprice": reprice, "match": match}


def main():
    wanted = sys.argv[1:] or list(SUITES)
    for name in wanted:
        if name not in SUITES:
            notes.append(f"unknown suite {name}")
            continue
        run_suite(name, SUITES[name])
    if not PEERS_OK:
        notes.append("peers could not be installed (no PyPI?): pricewatch figures only, no comparison")
    header = ("benchmark", "metric", "pricewatch", "peer", "peer value", "ratio", "target")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
    table = [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows]
    print("\n".join(table))
    for n in notes:
        print("note:", n)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    with open(os.path.join(ROOT, "bench", "results.md"), "w") as f:
        f.write("# Benchmark results\n\n")
        f.write(f"- date: {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC\n- machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}\n")
        f.write(f"- command: `make bench` (bench/run {' '.join(sys.argv[1:])})\n\n")
        f.write("\n".join(table) + "\n\n")
        for n in notes:
            f.write(f"- note: {n}\n")


main()
