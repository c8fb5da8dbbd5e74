"""The bulk dataset: the whole public archive as a Frictionless Data Package (https://datapackage.org/).

write_package(directory) writes one CSV per table and a datapackage.json describing them (a table schema per
file, keys between them, the licence, how to cite, a version, each file's size and SHA-256). Rows are read in
chunks and written as they come, so memory stays bounded whatever the archive's size. The package is written
into a new directory beside the target and swapped in at the end: a reader never sees half a release.
"""

import csv
import datetime
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from .models import Document, Paragraph, ParagraphTheme, Participation, QuotationLink, State, Summit, Theme

CHUNK = 5_000
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
TITLE = "SCO Declarations Archive"


def site_url(path):
    return settings.SITE_URL + path


def field(name, type_="string", description="", **constraints):
    spec = {"name": name, "type": type_}
    if description:
        spec["description"] = description
    if constraints:
        spec["constraints"] = constraints
    return spec


def fk(fields, resource, reference):
    return {"fields": fields, "reference": {"resource": resource, "fields": reference}}


@dataclass
class Table:
    name: str
    description: str
    fields: list
    primary_key: list
    foreign_keys: list
    rows: object  # a function returning an iterable of row tuples, in the fields' order

    def schema(self):
        schema = {"fields": self.fields, "primaryKey": self.primary_key}
        if self.foreign_keys:
            schema["foreignKeys"] = self.foreign_keys
        return schema


def summit_rows():
    rows = Summit.objects.order_by("start_date").values_list(
        "slug", "number", "city", "host__slug", "start_date", "end_date", "format", "declaration_name"
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield (*row, site_url(reverse("declarations:summit_detail", args=[row[0]])))


def state_rows():
    return (
        State.objects.order_by("short_name", "id")
        .values_list("slug", "name", "short_name", "iso3")
        .iterator()
    )


def participation_rows():
    return (
        Participation.objects.order_by("summit__start_date", "state__short_name")
        .values_list("summit__slug", "state__slug", "status")
        .iterator(chunk_size=CHUNK)
    )


def theme_rows():
    return (
        Theme.objects.order_by("position", "id")
        .values_list("slug", "name", "parent__slug", "position", "description")
        .iterator()
    )


def document_rows():
    rows = (
        Document.objects.public()
        .order_by("date", "id")
        .values_list(
            "slug",
            "summit__slug",
            "kind",
            "title",
            "date",
            "place",
            "language",
            "publisher",
            "source_name",
            "source_url",
            "checksum",
        )
        .annotate(paragraphs=Count("paragraphs"))
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield (*row, site_url(reverse("declarations:document_detail", args=[row[0]])))


def paragraph_rows():
    """Public paragraphs in id order, a chunk at a time (keyset on id), each chunk with the states it names
    read in one query."""
    through = Paragraph.states.through
    last = 0
    key_url = site_url(reverse("declarations:paragraph_by_key", args=["KEY"])).replace("KEY", "{}")
    while True:
        chunk = list(
            Paragraph.objects.public()
            .filter(id__gt=last)
            .order_by("id")
            .values_list(
                "id",
                "key",
                "document__slug",
                "number",
                "section",
                "heading",
                "summit__slug",
                "date",
                "kind",
                "text",
            )[:CHUNK]
        )
        if not chunk:
            return
        last = chunk[-1][0]
        named = {}
        mentions = (
            through.objects.filter(paragraph_id__in=[row[0] for row in chunk])
            .order_by("paragraph_id", "state__slug")
            .values_list("paragraph_id", "state__slug")
        )
        for paragraph_id, slug in mentions:
            named.setdefault(paragraph_id, []).append(slug)
        for pk, key, *rest in chunk:
            yield (key, *rest, " ".join(named.get(pk, ())), key_url.format(key))


def paragraph_theme_rows():
    return (
        ParagraphTheme.objects.filter(paragraph__published=True)
        .order_by("paragraph_id", "theme_id")
        .values_list("paragraph__key", "theme__slug", "origin", "rule")
        .iterator(chunk_size=CHUNK)
    )


def quotation_rows():
    return (
        QuotationLink.objects.shown()
        .order_by("news_id", "source_id")
        .values_list(
            "news__key",
            "source__key",
            "kind",
            "score",
            "news_start",
            "news_end",
            "source_start",
            "source_end",
            "origin",
        )
        .iterator(chunk_size=CHUNK)
    )


TABLES = [
    Table(
        "summits",
        "Meetings of the SCO Council of Heads of State.",
        [
            field("slug", description="Identifier, YYYY-city.", required=True, unique=True),
            field("number", "integer", "Sequence number of the meeting.", required=True),
            field("city"),
            field("host", description="Slug of the host state (states.slug)."),
            field("start_date", "date"),
            field("end_date", "date"),
            field("format", description="in_person, virtual or hybrid."),
            field("declaration_name", description="The main declaration adopted."),
            field("url", description="Its page in the archive."),
        ],
        ["slug"],
        [fk(["host"], "states", ["slug"])],
        summit_rows,
    ),
    Table(
        "states",
        "Member, observer, dialogue-partner and guest states.",
        [
            field("slug", required=True, unique=True),
            field("name"),
            field("short_name"),
            field("iso3", description="ISO 3166-1 alpha-3 code."),
        ],
        ["slug"],
        [],
        state_rows,
    ),
    Table(
        "participation",
        "Each state's status when a summit opened.",
        [
            field("summit", required=True),
            field("state", required=True),
            field("status", description="member, observer, dialogue_partner or guest."),
        ],
        ["summit", "state"],
        [fk(["summit"], "summits", ["slug"]), fk(["state"], "states", ["slug"])],
        participation_rows,
    ),
    Table(
        "themes",
        "The theme taxonomy: top-level themes and their sub-themes.",
        [
            field("slug", required=True, unique=True),
            field("name"),
            field("parent", description="Slug of the parent theme; empty for a top-level theme."),
            field("position", "integer", "Order within its parent."),
            field("description"),
        ],
        ["slug"],
        [fk(["parent"], "themes", ["slug"])],
        theme_rows,
    ),
    Table(
        "documents",
        "Published documents: declarations, statements, communiqués, news articles.",
        [
            field("slug", required=True, unique=True),
            field("summit", required=True),
            field("kind", description="declaration, statement, communique, news or other."),
            field("title"),
            field("date", "date"),
            field("place"),
            field("language"),
            field("publisher"),
            field("source_name", description="Who issued the text, per the source."),
            field("source_url"),
            field("sha256", description="SHA-256 of the source file as imported."),
            field("paragraphs", "integer", "How many paragraphs it has."),
            field("url", description="Its page in the archive."),
        ],
        ["slug"],
        [fk(["summit"], "summits", ["slug"])],
        document_rows,
    ),
    Table(
        "paragraphs",
        "Every paragraph of the published documents, in Markdown.",
        [
            field(
                "key", description="Stable identity; the permalink is /p/<key>/.", required=True, unique=True
            ),
            field("document", required=True),
            field("number", "integer", "1-based reading order within the document.", required=True),
            field("section", "integer"),
            field("heading"),
            field("summit"),
            field("date", "date"),
            field("kind"),
            field("text", description="Markdown."),
            field("states", description="Slugs of the states it names, separated by spaces."),
            field("permalink", description="Its stable URL."),
        ],
        ["key"],
        [fk(["document"], "documents", ["slug"]), fk(["summit"], "summits", ["slug"])],
        paragraph_rows,
    ),
    Table(
        "paragraph_themes",
        "The themes of each paragraph, with where each tag came from.",
        [
            field("paragraph", required=True),
            field("theme", required=True),
            field("origin", description="rule (tagged by a theme rule) or staff (curated)."),
            field("rule", description="For rule tags, the rule that matched."),
        ],
        ["paragraph", "theme"],
        [fk(["paragraph"], "paragraphs", ["key"]), fk(["theme"], "themes", ["slug"])],
        paragraph_theme_rows,
    ),
    Table(
        "quotations",
        "News paragraphs that quote or closely paraphrase a declaration paragraph (links staff rejected are left out).",
        [
            field("news_paragraph", description="Key of the news paragraph (paragraphs.key).", required=True),
            field(
                "declaration_paragraph",
                description="Key of the declaration paragraph it reproduces.",
                required=True,
            ),
            field("kind", description="quotation (in quotation marks, or the exact words) or paraphrase."),
            field("score", "number", "How closely the passage follows the paragraph, 0-100."),
            field(
                "news_start", "integer", "Where the passage starts in the news paragraph's text (characters)."
            ),
            field("news_end", "integer", "Where it ends."),
            field(
                "declaration_start",
                "integer",
                "Where the matched words start in the declaration paragraph's text.",
            ),
            field("declaration_end", "integer", "Where they end."),
            field("origin", description="found (by the matcher) or confirmed (by staff)."),
        ],
        ["news_paragraph", "declaration_paragraph"],
        [
            fk(["news_paragraph"], "paragraphs", ["key"]),
            fk(["declaration_paragraph"], "paragraphs", ["key"]),
        ],
        quotation_rows,
    ),
]


def write_csv(path, table):
    """Write the table's rows; return (rows, bytes, sha256). Text columns are UTF-8; None becomes empty."""
    digest, rows = hashlib.sha256(), 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([f["name"] for f in table.fields])
        for row in table.rows():
            writer.writerow(["" if value is None else value for value in row])
            rows += 1
    with open(path, "rb") as written:
        for block in iter(lambda: written.read(1 << 20), b""):
            digest.update(block)
    return rows, path.stat().st_size, digest.hexdigest()


def descriptor(version, created, resources):
    citation = (
        f"{TITLE} (version {version}) [data set]. {site_url(reverse('declarations:data'))}. "
        f"Released {created:%-d %B %Y}. Licence: {LICENSE['name']}."
    )
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "sco-declarations-archive",
        "title": TITLE,
        "description": "Summits, states and their status, the theme taxonomy, the published documents and every "
        "paragraph of them, with its themes and the states it names, and the news paragraphs that quote the "
        "declarations.",
        "version": version,
        "created": created.isoformat(timespec="seconds"),
        "homepage": site_url("/"),
        "licenses": [LICENSE],
        "citation": citation,
        "sources": [{"title": TITLE, "path": site_url("/")}],
        "resources": resources,
    }


def write_package(directory, version=None, progress=None):
    """Write the package into `directory` (replacing a previous release there); return its descriptor."""
    directory = Path(directory)
    created = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    version = version or created.strftime("%Y.%m.%d")
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        resources = []
        for table in TABLES:
            path = staging / f"{table.name}.csv"
            rows, size, sha256 = write_csv(path, table)
            if progress:
                progress(table.name, rows)
            resources.append(
                {
                    "name": table.name,
                    "path": path.name,
                    "type": "table",
                    "scheme": "file",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "description": table.description,
                    "bytes": size,
                    "hash": f"sha256:{sha256}",
                    "rows": rows,
                    "schema": table.schema(),
                }
            )
        package = descriptor(version, created, resources)
        (staging / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n")
        staging.chmod(0o755)
        if directory.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{directory.name}-old-", dir=directory.parent))
            directory.rename(retired / directory.name)
            staging.rename(directory)
            shutil.rmtree(retired)
        else:
            staging.rename(directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return package


def current_release(directory=None):
    """The descriptor of the release in `directory` (settings.DATASET_DIR), or None when there is none."""
    path = Path(directory or settings.DATASET_DIR) / "datapackage.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None
