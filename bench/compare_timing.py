"""Time /compare/ on pairs of long synthetic documents (issue 14): the alignment alone, and whole requests.

    .venv/bin/python bench/compare_timing.py                       # align() and requests, 100/400/800/3000
    .venv/bin/python bench/compare_timing.py --sizes 3000 --align-only

Document A is N paragraphs from the synthetic corpus's writer (declarations/corpus); B is A revised the way
a later declaration revises an earlier one: most paragraphs kept, some reworded, some dropped, some new, a few
moved. Requests go through Django's test client against a scratch SQLite database in /tmp (migrated, seeds
imported, the two documents written with bulk_create), so they include the queries and the template.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "OPENBLAS_NUM_THREADS", "1"
)  # as the site runs it (scobase/settings.py), before numpy loads


def texts(n, seed=7):
    """(A, B): n synthetic paragraphs and a revision of them."""
    from declarations.corpus.generator import DocumentPlan, ParagraphWriter, SummitInfo

    summit = SummitInfo(1, "2013-bishkek", "Bishkek", date(2013, 9, 13), date(2013, 9, 13))
    plan = DocumentPlan(0, summit, "declaration", "x", "x", summit.end_date, "", True, n)
    writer = ParagraphWriter(seed, ["Russia", "China", "India", "Pakistan", "Kazakhstan", "Iran"])
    left = [" ".join(writer.paragraph(plan)) for _ in range(n)]
    rng = random.Random(seed)
    right = []
    for text in left:
        roll = rng.random()
        if roll < 0.1:
            continue  # dropped
        if roll < 0.4:
            words = text.split()
            k = rng.randrange(len(words))
            words[k : k + 3] = ["resolutely", "reaffirmed"]
            text = " ".join(words)
        right.append(text)
        if rng.random() < 0.1:
            right.append(" ".join(writer.paragraph(plan)))  # new
    for _ in range(len(right) // 50):  # a few paragraphs move
        i, j = rng.randrange(len(right)), rng.randrange(len(right))
        right.insert(j, right.pop(i))
    return left, right


def time_align(sizes, runs):
    from declarations.alignment import align

    for n in sizes:
        left, right = texts(n)
        spent = []
        for _ in range(runs):
            started = time.perf_counter()
            rows = align(left, right)
            spent.append(time.perf_counter() - started)
        paired = sum(1 for row in rows if row.left is not None and row.right is not None)
        print(f"align  {n:>5} x {len(right):>5}: {statistics.median(spent):7.3f} s  ({paired} pairs)")


def time_requests(sizes, runs):
    from django.core.management import call_command
    from django.test import Client

    from declarations.models import Document, Paragraph, Summit

    call_command("migrate", verbosity=0)
    call_command("import_seeds", verbosity=0)
    summit = Summit.objects.get(slug="2013-bishkek")
    client = Client(HTTP_HOST="127.0.0.1")
    for n in sizes:
        left, right = texts(n)
        slugs = []
        for side, paragraphs in (("a", left), ("b", right)):
            document = Document.objects.create(
                summit=summit, slug=f"bench-{n}-{side}", title=f"Bench {n} {side}", date=summit.end_date
            )
            Paragraph.objects.bulk_create(
                Paragraph(
                    document=document,
                    number=number,
                    text=text,
                    html=f"<p>{text}</p>",
                    key=f"b{n}{side}{number}",
                    summit=summit,
                    date=document.date,
                    kind=document.kind,
                )
                for number, text in enumerate(paragraphs, 1)
            )
            slugs.append(document.slug)
        url = f"/compare/?a={slugs[0]}&b={slugs[1]}"
        spent = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            spent.append(time.perf_counter() - started)
        print(
            f"request {n:>5} x {len(right):>5}: {statistics.median(spent):7.3f} s  "
            f"(status {response.status_code}, {len(response.content) / 1e6:.2f} MB)"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 800, 3000])
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs (default 3)")
    parser.add_argument("--align-only", action="store_true", help="time align() only, no database")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="compare-timing-")) / "db.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scobase.settings")
    import django

    django.setup()
    time_align(args.sizes, args.runs)
    if not args.align_only:
        time_requests(args.sizes, args.runs)


if __name__ == "__main__":
    main()
