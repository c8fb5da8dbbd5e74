"""Downloads of a filtered list: the rows a list page shows, for its filters and in its order, as CSV or JSON.

Written as they are read (StreamingHttpResponse over search's iter_rows, a chunk of rows at a time), so memory
stays bounded whatever the list's size. A paragraph list beyond LIMIT rows is pointed to the bulk dataset.
"""

import csv
import io
import json
from itertools import islice

from .search.rows import Urls

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


def paragraph_records(rows, origin):
    """One dict per paragraph (ParagraphRows read with their text), in the columns' order; themes and states as
    lists of dicts (JSON). origin: the site's scheme and host."""
    urls = Urls()
    for row in rows:
        yield {
            "permalink": origin + urls.of("declarations:paragraph_by_key", row.key),
            "document": row.document.slug,
            "document_title": row.document.title,
            "summit": row.summit.slug,
            "date": row.date.isoformat(),
            "kind": row.kind,
            "number": row.number,
            "heading": row.heading,
            "text": row.text,
            "themes": [
                {"slug": t.slug, "name": t.name, "origin": t.origin, "rule": t.rule} for t in row.themes
            ],
            "states": [{"slug": s.slug, "short_name": s.short_name} for s in row.states],
        }


def document_records(documents, origin):
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
    urls = Urls()
    for slug, title, kind, date, summit, *rest in rows.iterator(chunk_size=2_000):
        yield dict(
            zip(
                DOCUMENT_COLUMNS,
                [
                    origin + urls.of("declarations:document_detail", slug),
                    slug,
                    title,
                    kind,
                    date.isoformat(),
                    summit,
                    *rest,
                ],
                strict=True,
            )
        )


def csv_lines(columns, records, batch=500):
    """The CSV (RFC 4180), `batch` lines at a time: one piece of the streamed response per line cost a quarter of
    a download's time in the response's encoding of each piece (figures: README, Performance)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    records = iter(records)
    while True:
        writer.writerows([flat(record[name]) for name in columns] for record in islice(records, batch))
        if not buffer.tell():
            return
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


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
