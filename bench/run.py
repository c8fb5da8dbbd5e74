"""The benchmark (issue 7): fill a database, serve it with gunicorn, measure the main pages, print a table.

    .venv/bin/python bench/run.py                       # 200,000 paragraphs on PostgreSQL (database sco_bench)
    .venv/bin/python bench/run.py --paragraphs 1000000
    .venv/bin/python bench/run.py --sqlite              # SQLite file in /tmp
    .venv/bin/python bench/run.py --reuse               # keep the filled database of an earlier run

Every figure comes with its floor: the page's essential SQL run raw on the same database, and an empty
response from the same server stack (/__empty__, which exists only in bench/urls.py). X-SQL-Time, set by
bench/timing.py, gives the SQL time of each page, so "app" is the framework's share (page minus its SQL).
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import floors  # noqa: E402
from bench.load import fetch, run_load  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sqlite", action="store_true", help="Measure SQLite instead of PostgreSQL.")
    parser.add_argument("--database", default="sco_bench", help="PostgreSQL database to (re)create.")
    parser.add_argument("--reuse", action="store_true", help="Keep the database if it holds this corpus.")
    parser.add_argument("--requests", type=int, default=200, help="Requests per page and concurrency.")
    parser.add_argument("--seconds", type=float, default=20, help="Time limit per page and concurrency.")
    parser.add_argument("--imports", type=int, default=3, help="Timed import_seeds runs on a fresh database.")
    parser.add_argument("--only", help="Comma-separated page names to measure.")
    parser.add_argument("--explain", action="store_true", help="Print the floors' query plans.")
    parser.add_argument("--json", help="Also write the results to this file.")
    return parser.parse_args()


def log(message):
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def run_child(args, env):
    """Run a command; return (seconds, peak RSS in MB, stdout). Peak RSS from wait4's rusage of that child."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=None, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def child_env(database_url):
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="bench.settings", DEBUG="0")
    env["PYTHONPATH"] = str(ROOT)
    return env


def recreate(args, name):
    """A fresh, empty database; returns its URL."""
    if args.sqlite:
        path = Path(f"/tmp/{name}.sqlite3")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg2

    conn = psycopg2.connect(f"{PG_SERVER}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return f"{PG_SERVER}/{name}"


def database_url(args):
    if args.sqlite:
        return f"sqlite:////tmp/{args.database}_{args.paragraphs}.sqlite3"
    return f"{PG_SERVER}/{args.database}"


def holds_corpus(args, url):
    """Whether the database already holds exactly this corpus (for --reuse)."""
    code = (
        "from declarations.models import Paragraph; from declarations.corpus.generator import slug_prefix;"
        f"print(Paragraph.objects.filter(document__slug__startswith=slug_prefix({args.seed})).count())"
    )
    try:
        result = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", code],
            env=child_env(url),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        lines = result.stdout.strip().splitlines()  # the shell may announce its automatic imports first
        return bool(lines) and lines[-1] == str(args.paragraphs)
    except OSError:
        return False


def measure_imports(args):
    """import_seeds on a fresh database, `--imports` times: seconds and peak RSS of each run."""
    runs = []
    for _ in range(args.imports):
        url = recreate(args, f"{args.database}_import")
        env = child_env(url)
        run_child([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        runs.append(run_child([PYTHON, "manage.py", "import_seeds", "-v0"], env)[:2])
    return runs


def fill(args):
    url = database_url(args) if args.sqlite else f"{PG_SERVER}/{args.database}"
    if args.reuse and holds_corpus(args, url):
        log(f"reusing {url}")
        return url, None
    url = recreate(args, f"{args.database}_{args.paragraphs}" if args.sqlite else args.database)
    env = child_env(url)
    log(f"filling {url}: migrate, import_seeds, generate_corpus --paragraphs {args.paragraphs}")
    run_child([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run_child([PYTHON, "manage.py", "import_seeds", "-v0"], env)
    seconds, rss, output = run_child(
        [
            PYTHON,
            "manage.py",
            "generate_corpus",
            "--paragraphs",
            str(args.paragraphs),
            "--seed",
            str(args.seed),
        ],
        env,
    )
    log(output.strip())
    # The news quote their declarations (issue 17): the pages that show links are measured with them.
    quoting, _, links = run_child([PYTHON, "manage.py", "find_quotations"], env)
    log(f"find_quotations in {quoting:.1f} s: {links.strip()}")
    return url, {"seconds": seconds, "peak_rss_mb": rss}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url):
    port = free_port()
    process = subprocess.Popen(
        [
            GUNICORN,
            "scobase.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=child_env(url),
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if fetch(base, "/__empty__")[1] == 200:
                return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer /__empty__ within 20 s")


def worker_peak_rss(master):
    """VmHWM (peak resident memory, MB) of each gunicorn worker, read from /proc."""
    peaks = []
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def sample_targets(url):
    """Slugs and ids the pages need, read from the benchmark database itself."""
    code = """
import json
from django.db.models import Count
from declarations.models import Document, Summit, Theme
summit = Summit.objects.annotate(n=Count("paragraphs")).order_by("-n").first()
document = Document.objects.filter(published=True).annotate(n=Count("paragraphs")).order_by("-n").first()
longest = list(Document.objects.filter(published=True).annotate(n=Count("paragraphs")).order_by("-n")[:2])
middle = document.paragraphs.order_by("number")[document.paragraphs.count() // 2]
theme = Theme.objects.filter(parent__slug="security").order_by("position").first()
state = Summit.objects.get(slug=summit.slug).host
family = lambda slug: [t.id for t in Theme.objects.filter(slug=slug)] + list(
    Theme.objects.filter(parent__slug=slug).values_list("id", flat=True))
print(json.dumps({"summit": summit.slug, "city": summit.city, "document": document.slug,
    "title": document.title, "security": family("security"), "economy": family("economy"),
    "paragraph": [document.slug, middle.number], "key": middle.key, "theme": [theme.slug, theme.name],
    "state": [state.slug, state.short_name], "pair": [longest[0].slug, longest[1].slug]}))
"""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        env=child_env(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def pages(t):
    """(name, path, expected content, floor spec): the pages of issue 7 and what each must contain."""
    from html import escape

    years = {"start": "2010-01-01", "end": "2018-12-31"}
    two_themes = "theme=security&theme=economy&year_from=2010&year_to=2018"
    return [
        ("empty response (floor)", "/__empty__", "", None),
        ("home", "/", "</html>", None),
        ("summit page", f"/summits/{t['summit']}/", t["city"], None),
        ("document page", f"/documents/{t['document']}/", escape(t["title"]), None),
        ("paragraph page", "/documents/{}/{}/".format(*t["paragraph"]), escape(t["title"]), None),
        ("theme page", f"/themes/{t['theme'][0]}/", escape(t["theme"][1]), None),
        ("themes heatmap", "/themes/", "</table>", None),
        ("state page", f"/states/{t['state'][0]}/", escape(t["state"][1]), None),
        ("compare two long documents", "/compare/?a={}&b={}".format(*t["pair"]), "</html>", None),
        ("paragraphs, unfiltered", "/paragraphs/", "Member States", {}),
        (
            "paragraphs, 2 themes + years",
            f"/paragraphs/?{two_themes}",
            "Member States",
            {"themes": [t["security"], t["economy"]], "years": years},
        ),
        # Quoted in the news (issue 17): the filter and its facet read Paragraph.quoted.
        ("paragraphs, quoted in the news", "/paragraphs/?quoted=on", "Member States", None),
        (
            "paragraphs, quoted + 2 themes + years",
            f"/paragraphs/?{two_themes}&quoted=on",
            "Member States",
            None,
        ),
        ("search: common word", "/paragraphs/?q=terrorism", "errorism", {"q": "terrorism"}),
        ("search: rare word", "/paragraphs/?q=glaciers", "laciers", {"q": "glaciers"}),
        ("search: phrase", "/paragraphs/?q=%22three+evils%22", "evils", {"q": '"three evils"'}),
        (
            "search + theme",
            "/paragraphs/?q=terrorism&theme=economy",
            "errorism",
            {"q": "terrorism", "themes": [t["economy"]]},
        ),
        (
            "page 200, 2 themes + years",
            f"/paragraphs/?{two_themes}&page=200",
            "Member States",
            {"themes": [t["security"], t["economy"]], "years": years, "page": 200},
        ),
        (
            "page 200 by its Next link",
            NextOf(f"/paragraphs/?{two_themes}&page=199"),
            "Member States",
            {"themes": [t["security"], t["economy"]], "years": years, "page": 200},
        ),
        # A CSV download of a filtered list (issue 15): 37,947 rows at a million paragraphs; rows/s = rows / time.
        (
            "CSV download, 2 themes + years",
            f"/paragraphs/export.csv?{two_themes}",
            "permalink,document",
            None,
        ),
        # The JSON API (issue 15): every list and one object of each, and the paragraph list deep by its cursor.
        ("API: paragraphs, 2 themes + years", f"/api/v1/paragraphs/?{two_themes}", '"results"', None),
        ("API: paragraphs, search", "/api/v1/paragraphs/?q=terrorism", '"results"', None),
        (
            "API: page 200 by its cursor",
            ApiNextOf(f"/api/v1/paragraphs/?{two_themes}&cursor=199"),
            '"results"',
            None,
        ),
        ("API: one paragraph", f"/api/v1/paragraphs/{t['key']}/", t["key"], None),
        ("API: summits", "/api/v1/summits/", '"results"', None),
        ("API: one summit", f"/api/v1/summits/{t['summit']}/", t["summit"], None),
        ("API: states", "/api/v1/states/", '"results"', None),
        ("API: one state", f"/api/v1/states/{t['state'][0]}/", t["state"][0], None),
        ("API: themes", "/api/v1/themes/", '"results"', None),
        ("API: one theme", f"/api/v1/themes/{t['theme'][0]}/", t["theme"][0], None),
        ("API: documents", "/api/v1/documents/", '"results"', None),
        ("API: one document", f"/api/v1/documents/{t['document']}/", t["document"], None),
    ]


class NextOf(str):
    """The address of the "Next" link on this page (it carries a keyset cursor), read from the served page."""


class ApiNextOf(str):
    """The `next` address of this API page (it carries a keyset cursor), read from the served JSON."""


def next_link(base, path):
    from html import unescape

    _, _, body, _ = fetch(base, path)
    before_rel = body.decode().split('rel="next"')[0]
    return "/paragraphs/" + unescape(before_rel.rsplit('href="', 1)[1].split('"')[0])


def api_next_link(base, path):
    from urllib.parse import urlsplit

    _, _, body, _ = fetch(base, path)
    following = urlsplit(json.loads(body)["next"])
    return f"{following.path}?{following.query}"


def floor_params(spec, vendor):
    params = dict(spec.get("years") or {})
    if spec.get("q"):
        params["q"] = spec["q"]
    return params


def fmt(value, digits=1):
    return "—" if value is None else f"{value:.{digits}f}"


def main():
    args = arguments()
    vendor = "sqlite" if args.sqlite else "postgresql"
    results = {"vendor": vendor, "paragraphs": args.paragraphs, "cpus": os.cpu_count(), "pages": []}
    if args.imports:
        log(f"timing import_seeds on a fresh database ({args.imports} runs)")
        results["imports"] = measure_imports(args)
    url, results["generate"] = fill(args)
    targets = sample_targets(url)
    if vendor == "postgresql":
        connect = floors.postgres_connect(url.replace("postgres://", "postgresql://"))
    else:
        connect = floors.sqlite_connect(url.removeprefix("sqlite:///"))
    server, base = start_server(url)
    try:
        # Names are separated by commas; a comma followed by a space belongs to a name ("paragraphs, unfiltered").
        wanted = set(re.split(r",(?! )", args.only)) if args.only else None
        for name, path, expect, spec in pages(targets):
            if wanted and name not in wanted and not name.startswith("empty"):
                continue
            if isinstance(path, NextOf):
                path = next_link(base, path)
            elif isinstance(path, ApiNextOf):
                path = api_next_link(base, path)
            row = {"page": name, "path": path}
            _, status, body, _ = fetch(base, path)
            row["status"] = status
            if status != 200:
                row["note"] = "404: page not implemented yet" if status == 404 else f"HTTP {status}"
                log(f"{name}: {row['note']}")
            elif expect.encode() not in body:
                row["note"] = f"200 but {expect!r} missing from the page"
                log(f"{name}: {row['note']}")
            else:
                log(f"{name}: measuring {path}")
                for _ in range(3):
                    fetch(base, path)  # warm the worker's caches and the database's
                for concurrency in (1, 8):
                    run = run_load(base, path, expect, concurrency, args.requests, args.seconds)
                    row[f"c{concurrency}"] = {
                        "n": len(run.samples),
                        "failures": len(run.failures),
                        "p50": run.percentile(50),
                        "p95": run.percentile(95),
                        "p99": run.percentile(99),
                        "rps": run.rps,
                        "sql_p50": run.median("sql_ms"),
                        "app_p50": run.median("app_ms"),
                    }
            if spec is not None:
                queries = floors.floor_queries(vendor, spec, floor_params(spec, vendor))
                row["floor"] = floors.time_floor(connect, vendor, queries)
                if args.explain:
                    print(f"\n### {name}\n" + floors.explain(connect, vendor, queries))
            results["pages"].append(row)
        results["worker_peak_rss_mb"] = worker_peak_rss(server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))


def print_table(results):
    print(
        f"\n{results['paragraphs']:,} paragraphs on {results['vendor']}, {results['cpus']} CPUs; "
        "times in ms; app = page time in Django minus its SQL (median at c=1)"
    )
    header = (
        f"{'page':30} {'c1 p50':>7} {'p95':>7} {'p99':>7} {'rps':>6} | {'c8 p50':>7} {'p95':>7} {'p99':>7} "
        f"{'rps':>6} {'x':>4} | {'sql':>6} {'app':>5} | {'raw SQL p50':>11} {'p95':>7} {'matches':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in results["pages"]:
        c1, c8, floor = row.get("c1"), row.get("c8"), row.get("floor") or {}
        if not c1:
            line = f"{row['page']:30} {row.get('note', '')}"
            if floor:
                line = f"{line:100} | {fmt(floor['p50']):>11} {fmt(floor['p95']):>7} {floor['count']:>8}"
            print(line)
            continue
        app = None
        if c1["app_p50"] is not None and c1["sql_p50"] is not None:
            app = c1["app_p50"] - c1["sql_p50"]
        ratio = c8["rps"] / c1["rps"] if c1["rps"] else None
        failures = c1["failures"] + c8["failures"]
        print(
            f"{row['page']:30} {fmt(c1['p50']):>7} {fmt(c1['p95']):>7} {fmt(c1['p99']):>7} {c1['rps']:>6.0f} | "
            f"{fmt(c8['p50']):>7} {fmt(c8['p95']):>7} {fmt(c8['p99']):>7} {c8['rps']:>6.0f} {fmt(ratio, 2):>4} | "
            f"{fmt(c1['sql_p50']):>6} {fmt(app):>5} | "
            + (
                f"{fmt(floor['p50']):>11} {fmt(floor['p95']):>7} {floor['count']:>8}"
                if floor
                else f"{'—':>11}"
            )
            + (f"  {failures} FAILED" if failures else "")
        )
    if results.get("imports"):
        seconds = sorted(s for s, _ in results["imports"])
        peak = max(r for _, r in results["imports"])
        print(
            f"import_seeds on a fresh database: median {seconds[len(seconds) // 2] * 1000:.0f} ms, "
            f"max {seconds[-1] * 1000:.0f} ms over {len(seconds)} runs; peak RSS {peak:.0f} MB"
        )
    if results.get("generate"):
        g = results["generate"]
        print(f"generate_corpus: {g['seconds']:.0f} s, peak RSS {g['peak_rss_mb']:.0f} MB")
    if results.get("worker_peak_rss_mb"):
        print(
            "gunicorn workers' peak RSS (VmHWM): "
            + ", ".join(f"{m:.0f} MB" for m in results["worker_peak_rss_mb"])
        )


if __name__ == "__main__":
    main()
