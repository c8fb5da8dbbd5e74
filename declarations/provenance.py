"""Where a document comes from, in words a reader understands: who issued or published it, the original's
link, when and from what kind of text it was imported, and which of its values the text did not give.

The public page says this; the importer's working notes to staff ("Set date in the manifest") stay in the
admin.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .citations import ISSUING_BODY
from .importing.shapes import FRAGMENT, MARKDOWN, WAJD
from .models import Document, ImportRecord

# What each shape of source text is, for "Imported on ... from ...".
SHAPES = {
    WAJD: "the World and Japan Database's text",
    MARKDOWN: "a copy of the published article",
    FRAGMENT: "an excerpt without title, byline or date",
}
FIELD_NAMES = {
    "summit": "the summit",
    "kind": "the kind of document",
    "title": "the title",
    "date": "the date",
    "place": "the place",
    "language": "the language",
    "publisher": "the publisher",
    "source_name": "the author or issuer",
    "source_url": "the link to the original",
}
ASSUMED_HOW = {
    "date": "the summit's last day",
    "title": "a description written by the archive",
    "place": "the summit's city",
    "kind": "no kind given",
}


def safe_link(url):
    """The URL if it is http or https, else None: a javascript: or data: link is never shown as a source."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if url and scheme in ("http", "https") else None


@dataclass
class Provenance:
    issuer: str  # "Issued by ..." or "Published by ...", or "" when the source says nothing
    author: str
    original_url: str | None
    imported: str  # "Imported on 6 December 2026 from the World and Japan Database's text"
    updated: str
    supplied: list = field(default_factory=list)  # [the title, ...] given by staff in the manifest
    assumed: list = field(default_factory=list)  # [(the date, the summit's last day), ...]
    edited: list = field(default_factory=list)  # changed by staff after the import

    @property
    def date_assumed(self):
        return any(name == FIELD_NAMES["date"] for name, _how in self.assumed)


def edited_fields(document):
    """The imported fields staff changed after the last import (one query: the import's record)."""
    if not document.seed_file:
        return []
    record = ImportRecord.objects.filter(kind="document", key=document.seed_file).first()
    if record is None:
        return []
    current = {
        name: str(getattr(document, name if name != "summit" else "summit_id"))
        for name in Document.IMPORTED_FIELDS
    }
    current["summit"] = document.summit.slug
    return [
        name
        for name in Document.IMPORTED_FIELDS
        if name in record.values and str(record.values[name]) != current[name]
    ]


def describe(document):
    """The document's provenance (its summit must be read with it: select_related("summit"))."""
    news = document.kind == Document.Kind.NEWS
    if news:
        issuer = f"Published by {document.publisher}" if document.publisher else ""
        author = document.source_name if document.source_name != document.publisher else ""
    else:
        issuer = f"Issued by the {ISSUING_BODY}"
        author = ""
    if document.first_imported_at:
        source = SHAPES.get(document.source_shape, "its source file")
        imported = (
            f"Imported on {document.first_imported_at.day} {document.first_imported_at:%B %Y} from {source}"
        )
    else:
        imported = "Entered by the archive's staff"
    first, last = document.first_imported_at, document.last_imported_at
    updated = ""
    if first and last and last.date() != first.date():
        updated = f"last updated from it on {last.day} {last:%B %Y}"
    edited = edited_fields(document)
    origins = {name: how for name, how in document.value_origins.items() if name not in edited}
    return Provenance(
        issuer=issuer,
        author=author,
        original_url=safe_link(document.source_url),
        imported=imported,
        updated=updated,
        supplied=[FIELD_NAMES.get(n, n) for n, how in origins.items() if how == "manifest"],
        assumed=[
            (FIELD_NAMES.get(n, n), ASSUMED_HOW.get(n, "")) for n, how in origins.items() if how == "assumed"
        ],
        edited=[FIELD_NAMES.get(n, n) for n in edited],
    )
