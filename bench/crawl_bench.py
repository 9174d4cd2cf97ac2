"""Crawl benchmark: pricewatch vs Scrapy on the same static site served by nginx on loopback.

The demo US marketplace's product pages are rendered to files (pricewatch-bench render-site), nginx
serves them, and both crawlers fetch the same URL list with the same selectors and the same
concurrency, HTTP cache off. Each crawler runs as a child process; wall time, CPU seconds (user +
system) and peak RSS come from wait4(). Prints one JSON line.

Usage: python3 bench/crawl_bench.py PAGES CONCURRENCY   (from the package root)
"""
import json, os, shutil, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".build", "release", "pricewatch-bench")
PRICEWATCH = os.path.join(ROOT, ".build", "release", "pricewatch")
SCRAPY = os.path.join(ROOT, "bench", ".venv", "bin", "scrapy")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_child(cmd, env=None):
    """Runs cmd, returns (wall seconds, cpu seconds, peak RSS MB, returncode, stderr tail)."""
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        errf = os.open(os.path.join(WORK, "child.err"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(errf, 2)
        os.execve(cmd[0], cmd, env or os.environ.copy())
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    err = open(os.path.join(WORK, "child.err"), errors="replace").read()[-600:]
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), err


def start_nginx(nginx, work, site, port):
    """nginx serving `site` on 127.0.0.1:port from the work folder; returns once it accepts connections."""
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log error;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nodelay on;
    keepalive_requests 100000;
    types {{ text/html html; }}
    default_type text/html;
    charset utf-8;
    client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; fastcgi_temp_path {work}/tmp; uwsgi_temp_path {work}/tmp; scgi_temp_path {work}/tmp;
    server {{ listen 127.0.0.1:{port}; root {site}; }}
}}
""")
    os.makedirs(os.path.join(work, "tmp"), exist_ok=True)
    server = subprocess.Popen([nginx, "-c", conf, "-p", work], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return server


def write_job(work, urls, pages, concurrency, per_host):
    """A job `bench` over the URL file with Selectors/demo-us.yml; returns its jobs folder."""
    jobs = os.path.join(work, "jobs")
    os.makedirs(jobs)
    with open(os.path.join(jobs, "bench.yml"), "w") as f:
        f.write(f"""name: bench
schedule: "0 0 * * *"
sites:
  - selectors: {os.path.join(ROOT, "Selectors", "demo-us.yml")}
    start_file: {urls}
    depth: 0
market:
  currency_hint: USD
limits:
  max_pages: {pages + 100}
  concurrency: {concurrency}
  per_host_concurrency: {per_host}
  per_host_delay: 0ms
  auto_throttle: false
  obey_robots: false
  timeout: 30s
""")
    return jobs


def main():
    global WORK
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    conc = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not nginx:
        print(json.dumps({"skipped": "nginx is not installed (apt-get install nginx-light)"}))
        return
    WORK = tempfile.mkdtemp(prefix="pw-crawl-bench-")
    os.chmod(WORK, 0o755)  # nginx workers run as an unprivileged user
    try:
        site = os.path.join(WORK, "site")
        info = json.loads(subprocess.run([BENCH, "render-site", site, str(pages)], check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        port = free_port()
        server = start_nginx(nginx, WORK, site, port)
        urls = os.path.join(WORK, "urls.txt")
        with open(urls, "w") as f:
            for i in range(pages):
                f.write(f"http://127.0.0.1:{port}/us/p/{i}.html\n")
        result = {"pages": pages, "concurrency": conc, "page_bytes_mean": info["bytes"] // max(1, info["pages"])}
        # pricewatch: a job over the URL file with Selectors/demo-us.yml, into a fresh database
        jobs = write_job(WORK, urls, pages, conc, conc)
        wall, cpu, rss, rc, err = run_child([PRICEWATCH, "run", "bench", "--jobs-dir", jobs, "--db", os.path.join(WORK, "bench.sqlite"), "--log-format", "json"])
        import sqlite3
        db = sqlite3.connect(os.path.join(WORK, "bench.sqlite"))
        got = db.execute("SELECT COUNT(*) FROM observations WHERE price_minor IS NOT NULL").fetchone()[0] if rc in (0, 1) else 0
        result["pricewatch"] = {"seconds": wall, "cpu_seconds": cpu, "peak_rss_mb": rss, "exit": rc, "items_with_price": got,
                                "pages_per_second": pages / wall, "stderr": err[-300:] if rc not in (0, 1) else ""}
        if os.path.exists(SCRAPY):
            out = os.path.join(WORK, "items.jsonl")
            wall, cpu, rss, rc, err = run_child([SCRAPY, "runspider", os.path.join(ROOT, "bench", "peers", "scrapy_spider.py"), "-a", f"urls={urls}",
                                                 "-o", out, "-s", f"CONCURRENT_REQUESTS={conc}", "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={conc}"])
            items = sum(1 for line in open(out) if '"price": "' in line) if os.path.exists(out) else 0
            version = subprocess.run([os.path.join(ROOT, "bench", ".venv", "bin", "python"), "-c", "import scrapy; print(scrapy.__version__)"],
                                     capture_output=True, text=True).stdout.strip()
            result["scrapy"] = {"version": version, "seconds": wall, "cpu_seconds": cpu, "peak_rss_mb": rss, "exit": rc, "items_with_price": items,
                                "pages_per_second": pages / wall, "stderr": err[-300:] if rc != 0 else ""}
        server.terminate()
        server.wait(timeout=10)
        print(json.dumps(result))
    finally:
        if not os.environ.get("PW_BENCH_KEEP"):
            shutil.rmtree(WORK, ignore_errors=True)
        else:
            print("kept", WORK, file=sys.stderr)


if __name__ == "__main__":
    main()
