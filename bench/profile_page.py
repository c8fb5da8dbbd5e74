"""Time pages through Django's WSGI handler in this process (no HTTP server, no client): total, SQL and the
framework's share (total minus SQL), medians over --runs requests; --profile adds where Python spends it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sco_scale .venv/bin/python bench/profile_page.py \\
        /paragraphs/ "/paragraphs/?q=terrorism" --runs 31 --profile

Beside bench/run.py (which measures under gunicorn, with a client on the same machine), this isolates Django's own
time: on the shared development machine the same page's share measured 0-10 ms lower here than under gunicorn,
varying from run to run.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scobase.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402

# Where the profiled time goes, by the first matching fragment of each function's file.
AREAS = [
    ("/django/template/", "templates"),
    ("/django/db/models/sql/", "ORM: compiling queries"),
    ("/django/db/models/", "ORM: querysets and models"),
    ("/django/db/backends/", "database driver wrapper"),
    ("psycopg", "database driver"),
    ("/django/forms/", "forms"),
    ("django_filters", "django-filter"),
    ("/django/utils/", "django.utils (escaping, lazy strings)"),
    ("/django/", "Django, other"),
    ("/declarations/", "this project"),
]


def call(app, path, query):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    status = []
    b"".join(app(environ, lambda s, headers: status.append(s)))
    if not status[0].startswith("200"):
        raise SystemExit(f"{path}?{query}: {status[0]}")


def measure(app, url, runs):
    path, _, query = url.partition("?")
    for _ in range(5):
        call(app, path, query)  # warm the templates, the connection and the database's caches
    totals, sqls, spent = [], [], [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    for _ in range(runs):
        spent[0] = 0.0
        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            call(app, path, query)
            totals.append((time.perf_counter() - started) * 1000)
        sqls.append(spent[0] * 1000)
    shares = [total - sql for total, sql in zip(totals, sqls, strict=True)]
    return statistics.median(totals), statistics.median(sqls), statistics.median(shares)


def profile(app, url, runs, top=0):
    path, _, query = url.partition("?")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        call(app, path, query)
    profiler.disable()
    areas = {}
    for (filename, _, name), (_, _, own, _, _) in pstats.Stats(profiler).stats.items():
        area = next((label for fragment, label in AREAS if fragment in filename or fragment in name), "other")
        areas[area] = areas.get(area, 0) + own
    whole = sum(areas.values())
    for area, seconds in sorted(areas.items(), key=lambda item: -item[1]):
        print(f"    {area:40} {seconds / whole * 100:5.1f}%")
    if top:  # the functions themselves, by own time and by time with what they call
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
            print(out.getvalue().split("ncalls", 1)[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=0, help="With --profile: list the N costliest functions.")
    args = parser.parse_args()
    app = WSGIHandler()
    print(f"{'page':70} {'total':>7} {'sql':>7} {'app':>7}  (ms, medians of {args.runs})")
    for url in args.urls:
        total, sql, share = measure(app, url, args.runs)
        print(f"{url[:70]:70} {total:7.1f} {sql:7.1f} {share:7.1f}")
        if args.profile:
            profile(app, url, args.runs, args.top)


if __name__ == "__main__":
    main()
