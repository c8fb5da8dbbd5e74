"""Downloads of a filtered list: the rows a list page shows, for its filters and in its order, as CSV or JSON.

Written as they are read (StreamingHttpResponse over search's iter_rows, a chunk of rows at a time), so memory
stays bounded whatever the list's size. A paragraph list beyond LIMIT rows is pointed to the bulk dataset.
"""

import csv
import json
from itertools import islice

from .models import Paragraph

LIMIT = 50_000
# Rows read and written per round of queries (a keyset query and four row queries): fewer rounds stream faster,
# up to the size past which only memory grows (figures: README, Performance).
CHUNK = 2_000

PARAGRAPH_COLUMNS = [
    "permalink",
    "document",
    "document_title",
    "summit",
    "date",
    "kind",
    "number",
    "heading",
    "text",
    "themes",
    "states",
]
DOCUMENT_COLUMNS = [
    "url",
    "slug",
    "title",
    "kind",
    "date",
    "summit",
    "place",
    "language",
    "publisher",
    "source_name",
    "source_url",
    "sha256",
]


def with_texts(rows, chunk=CHUNK):
    """(row, text) for each ParagraphRow: the Markdown text, read for a chunk of rows in one query (a row carries
    only the rendered HTML)."""
    rows = iter(rows)
    while batch := list(islice(rows, chunk)):
        texts = dict(Paragraph.objects.filter(pk__in=[row.pk for row in batch]).values_list("pk", "text"))
        for row in batch:
            yield row, texts[row.pk]


def paragraph_records(rows, absolute):
    """One dict per paragraph, in the columns' order; themes and states as lists of dicts (JSON) ."""
    for row, text in with_texts(rows):
        yield {
            "permalink": absolute(f"/p/{row.key}/"),
            "document": row.document.slug,
            "document_title": row.document.title,
            "summit": row.summit.slug,
            "date": row.date.isoformat(),
            "kind": row.kind,
            "number": row.number,
            "heading": row.heading,
            "text": text,
            "themes": [
                {"slug": t.slug, "name": t.name, "origin": t.origin, "rule": t.rule} for t in row.themes
            ],
            "states": [{"slug": s.slug, "short_name": s.short_name} for s in row.states],
        }


def document_records(documents, absolute):
    rows = documents.values_list(
        "slug",
        "title",
        "kind",
        "date",
        "summit__slug",
        "place",
        "language",
        "publisher",
        "source_name",
        "source_url",
        "checksum",
    )
    for slug, title, kind, date, summit, *rest in rows.iterator(chunk_size=2_000):
        yield dict(
            zip(
                DOCUMENT_COLUMNS,
                [absolute(f"/documents/{slug}/"), slug, title, kind, date.isoformat(), summit, *rest],
                strict=True,
            )
        )


class _Line:
    """A file-like object whose write() returns what it is given: csv.writer then makes one line at a time."""

    def write(self, value):
        return value


def csv_lines(columns, records):
    writer = csv.writer(_Line(), lineterminator="\r\n")  # RFC 4180
    yield writer.writerow(columns)
    for record in records:
        yield writer.writerow([flat(record[name]) for name in columns])


def flat(value):
    """A CSV cell: lists of themes or states become their slugs, separated by spaces."""
    if isinstance(value, list):
        return " ".join(item["slug"] for item in value)
    return value


def json_chunks(records):
    """A JSON array, one object a line, written as the records come."""
    yield "["
    for i, record in enumerate(records):
        yield ("\n" if i == 0 else ",\n") + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"
