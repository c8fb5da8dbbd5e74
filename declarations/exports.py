"""Downloads of a filtered list: the rows a list page shows, for its filters and in its order, as CSV or JSON.

Written as they are read (StreamingHttpResponse over search's iter_rows, a chunk of rows at a time), so memory
stays bounded whatever the list's size. A paragraph list beyond LIMIT rows is pointed to the bulk dataset.
"""

import csv
import io
import json
from itertools import islice

from .models import Paragraph, ParagraphTheme, State, Theme
from .search import ids_of, linked_ids
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


def paragraph_csv_rows(results, origin):
    """The CSV's rows (PARAGRAPH_COLUMNS), straight from the list's values: building a ParagraphRow, then a record,
    per paragraph was most of a download's time (figures: README, Downloads)."""
    urls = Urls()
    theme_rank, state_rank = _ranks(Theme.objects), _ranks(State.objects)
    values = results.iter_values(
        "key",
        "document__slug",
        "document__title",
        "summit__slug",
        "kind",
        "number",
        "heading",
        "text",
        chunk=CHUNK,
        limit=LIMIT,
        tagged=linked_ids(ParagraphTheme, "theme_id"),
        named=linked_ids(Paragraph.states.through, "state_id"),
    )
    for _, date, key, document, title, summit, kind, number, heading, text, tagged, named in values:
        yield (
            origin + urls.of("declarations:paragraph_by_key", key),
            document,
            title,
            summit,
            date.isoformat(),
            kind,
            number,
            heading,
            text,
            _slugs(tagged, theme_rank),
            _slugs(named, state_rank),
        )


def _ranks(objects):
    """{id: (place, slug)} of a model's rows in its own order (Meta.ordering: themes as the taxonomy lists them,
    states by name), as the pages list them."""
    return {pk: (place, slug) for place, (pk, slug) in enumerate(objects.values_list("pk", "slug"))}


def _slugs(linked, ranks):
    """The slugs of a linked_ids() value, in their model's order, separated by spaces."""
    return " ".join(slug for _, slug in sorted(ranks[pk] for pk in ids_of(linked)))


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


def csv_lines(columns, rows, batch=500):
    """The CSV (RFC 4180) of these rows (sequences in the columns' order), `batch` lines at a time: one piece of
    the streamed response per line cost a quarter of a download's time in the response's encoding of each piece
    (figures: README, Performance)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    rows = iter(rows)
    while True:
        writer.writerows(islice(rows, batch))
        if not buffer.tell():
            return
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def json_chunks(records):
    """A JSON array, one object a line, written as the records come."""
    yield "["
    for i, record in enumerate(records):
        yield ("\n" if i == 0 else ",\n") + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"
