"""Scale-out benchmark: listings per hour with 1, 2 and 4 `pricewatch worker` processes sharing
one PostgreSQL frontier, on the crawl benchmark's static site (demo product pages rendered to
files, served by nginx on loopback).

Each round: a fresh database, `pricewatch run bench --db postgres://...` enqueues PAGES product URLs,
N workers (`--until-idle`, 16 in flight each) crawl them; wall time until the last worker exits,
CPU seconds of the workers (wait4) and of PostgreSQL (its processes' /proc counters).
Prints a markdown table and one JSON line.

Usage: make build-postgres && python3 bench/scaling.py [PAGES] [WORKERS ...]   (from the package root)
Needs: nginx (nginx-light) and PostgreSQL (postgresql) from Debian; scripts/pg-test-server starts it.
"""
import json, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import crawl_bench  # noqa: E402  (free_port, start_nginx)

PRICEWATCH = os.path.join(ROOT, ".build-pg", "release", "pricewatch")
BENCH = os.path.join(ROOT, ".build", "release", "pricewatch-bench")
PG_DIR, PG_PORT = "/tmp/pricewatch-pg-scaling", "55433"
# More worker options (e.g. PW_WORKER_ARGS="--batch 1") for comparing settings.
EXTRA = os.environ.get("PW_WORKER_ARGS", "").split()


def pg_cpu_seconds():
    """User + system CPU of every postgres process (server and backends) so far."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() != "postgres":
                    continue
            with open(f"/proc/{pid}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            total += (int(parts[11]) + int(parts[12]) + int(parts[13]) + int(parts[14])) / tick
        except OSError:
            pass
    return total


def psql(url, sql):
    return subprocess.run(["psql", url, "-Atc", sql], check=True, capture_output=True, text=True).stdout.strip()


def main():
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    counts = [int(a) for a in sys.argv[2:]] or [1, 2, 4]
    for tool, path in (("pricewatch (PostgreSQL build)", PRICEWATCH), ("pricewatch-bench", BENCH)):
        if not os.path.exists(path):
            print(json.dumps({"skipped": f"{tool} not built: run make build-postgres and swift build -c release --product pricewatch-bench"}))
            return
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not nginx or not shutil.which("psql"):
        print(json.dumps({"skipped": "needs nginx-light and postgresql (Debian packages)"}))
        return
    work = tempfile.mkdtemp(prefix="pw-scaling-")
    os.chmod(work, 0o755)
    server = None
    try:
        admin = subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server"), "start", PG_DIR, PG_PORT], check=True, capture_output=True, text=True).stdout.strip()
        site = os.path.join(work, "site")
        subprocess.run([BENCH, "render-site", site, str(pages)], check=True, capture_output=True)
        port = crawl_bench.free_port()
        server = crawl_bench.start_nginx(nginx, work, site, port)
        urls = os.path.join(work, "urls.txt")
        with open(urls, "w") as f:
            for i in range(pages):
                f.write(f"http://127.0.0.1:{port}/us/p/{i}.html\n")
        jobs = crawl_bench.write_job(work, urls, pages, 16, 64)
        rows = []
        for n in counts:
            name = f"scaling_{n}_{int(time.time())}"
            psql(admin, f"CREATE DATABASE {name}")
            url = admin.rsplit("/", 1)[0] + "/" + name
            subprocess.run([PRICEWATCH, "run", "bench", "--jobs-dir", jobs, "--db", url], check=True, capture_output=True)
            pg0 = pg_cpu_seconds()
            tx0 = int(psql(url, "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"))
            t0 = time.perf_counter()
            procs = []
            for w in range(n):
                pid = os.fork()
                if pid == 0:
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, 1)
                    os.dup2(devnull, 2)
                    os.execv(PRICEWATCH, [PRICEWATCH, "worker", "--db", url, "--jobs-dir", jobs, "--until-idle", "--concurrency", "16", "--name", f"w{w}"] + EXTRA)
                procs.append(pid)
            cpu, rss, codes = 0.0, 0.0, []
            for pid in procs:
                _, status, ru = os.wait4(pid, 0)
                cpu += ru.ru_utime + ru.ru_stime
                rss = max(rss, ru.ru_maxrss / 1024)
                codes.append(os.waitstatus_to_exitcode(status))
            wall = time.perf_counter() - t0
            pg = pg_cpu_seconds() - pg0
            time.sleep(0.6)  # the statistics collector publishes every 0.5 s
            tx = int(psql(url, "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")) - tx0
            observed = int(psql(url, "SELECT COUNT(*) FROM observations WHERE price_minor IS NOT NULL"))
            dupes = int(psql(url, "SELECT COUNT(*) FROM (SELECT listing_id FROM observations GROUP BY listing_id, run_id HAVING COUNT(*) > 1) d"))
            rows.append({"workers": n, "seconds": round(wall, 2), "pages_per_second": round(pages / wall, 1),
                         "listings_per_hour": int(observed / wall * 3600), "observed": observed, "duplicates": dupes,
                         "worker_cpu_seconds": round(cpu, 2), "postgres_cpu_seconds": round(pg, 2), "transactions_per_page": round(tx / pages, 2), "peak_worker_rss_mb": round(rss, 1), "exit": codes})
        print("| workers | pages/s | listings/hour | observed | duplicates | worker CPU s | PostgreSQL CPU s | transactions/page | worker RSS MB |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['workers']} | {r['pages_per_second']} | {r['listings_per_hour']:,} | {r['observed']} | {r['duplicates']} | {r['worker_cpu_seconds']} | {r['postgres_cpu_seconds']} | {r['transactions_per_page']} | {r['peak_worker_rss_mb']} |")
        print(json.dumps({"pages": pages, "cores": os.cpu_count(), "rounds": rows}))
    finally:
        if server:
            server.terminate()
        subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server"), "stop", PG_DIR, PG_PORT], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
