"""What an import would do, before anything is written: the loader's own dry run (or, for a new document, its
metadata step), and where each value came from.

The admin's import preview shows this per file; confirming runs the same loader for real (see staging.py).
"""

from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.db.models import F, Q

from ..models import Document, Summit
from ..retag import RetagResult
from .errors import SourceError
from .loader import DocumentImport, date_in_name, import_file, load_manifest, read_text
from .overrides import entry_for
from .reference import read_toml

# The metadata a curator can correct, in the order the preview lists it, with the manifest key of each.
FIELDS = ["title", "kind", "summit", "date", "place", "publisher", "author", "source_url"]
LABELS = {"source_url": "source URL"}

HEADER = "header"
BODY = "body"
FILE_NAME = "file name"
REFERENCE = "reference data"
ASSUMED = "assumed"


@dataclass
class Value:
    name: str
    value: object
    source: str

    @property
    def label(self):
        return LABELS.get(self.name, self.name)


@dataclass
class Preview:
    file_name: str
    error: str = ""
    shape: str = ""
    values: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    existing: Document | None = None
    changes: dict = field(default_factory=dict)  # created/updated/unchanged/removed/kept paragraphs
    staff_edited: int = 0  # paragraphs of the document in the archive whose staff text a re-import keeps

    @property
    def current(self):
        """The values as they would be imported, by name (what the correction form starts from)."""
        return {v.name: v.value for v in self.values}


class NoRetagging:
    """The preview shows no themes, so its dry run skips the retagging: two thirds of its time on a long text."""

    def __init__(self):
        self.result = RetagResult()

    def retag(self, paragraphs):
        return None


def manifest():
    path = settings.SEEDS_DIR / "manifest.toml"
    return load_manifest(path, read_toml)


def entry(file_name, corrections, seeds_manifest=None):
    return entry_for(file_name, manifest() if seeds_manifest is None else seeds_manifest, corrections)


def preview(file_name, data, corrections):
    """The dry run of importing `data` as `file_name` with the stored and the given corrections."""
    result = Preview(file_name=file_name)
    result.existing = Document.objects.filter(seed_file=file_name).select_related("summit").first()
    seeds_manifest = manifest()
    given = entry(file_name, corrections, seeds_manifest)
    try:
        if result.existing:
            outcome = import_file(PurePath(file_name), given, data=data, dry_run=True, retagger=NoRetagging())
        else:
            outcome = plan_new(PurePath(file_name), given, data)
    except SourceError as e:
        result.error = str(e)
        return result
    parsed, document = outcome.parsed, outcome.document
    result.shape = parsed.shape
    result.paragraphs = parsed.paragraphs
    result.skipped = parsed.skipped
    result.warnings = outcome.warnings
    result.conflicts = outcome.conflicts
    if result.existing:
        result.changes = outcome.paragraphs
        result.staff_edited = result.existing.paragraphs.filter(
            Q(staff_edited=True) | ~Q(text=F("source_text")) | ~Q(heading=F("source_heading"))
        ).count()
    for name in FIELDS:
        value = getattr(document, name)
        if name == "summit":
            value = Summit.objects.get(pk=document.summit_id)
        source = "your correction" if name in (corrections or {}) else ""
        if not source and name in given:
            source = "earlier correction or manifest"
        result.values.append(Value(name, value, source or origin(name, value, parsed, outcome, file_name)))
    return result


def plan_new(path, given, data):
    """What importing a text the archive does not hold would store, without writing it.

    A new document has nothing to merge with, so the loader's dry run would only write and roll back every
    paragraph (13 s for a 1 MB text on a loaded machine); its metadata step, the part that decides anything,
    runs here as the import will run it, on the same parse, date settlement and duplicate check.
    """
    summits = list(Summit.objects.select_related("host"))
    text, parsed, checksum, settled = read_text(path, data, summits)
    job = DocumentImport(path, text, parsed, checksum, given, summits, NoRetagging(), False)
    values = job.metadata()
    job.validate(values)  # the models' own checks, as run() makes them before writing
    duplicate = Document.objects.filter(checksum=checksum).first()
    if duplicate:
        raise SourceError(
            path.name, f"duplicate document: the same text was imported from {duplicate.seed_file!r}"
        )
    outcome = job.outcome
    outcome.outcome, outcome.document = "created", Document(seed_file=path.name, **values)
    outcome.parsed, outcome.date_source = parsed, settled.source
    return outcome


def origin(name, value, parsed, outcome, file_name):
    """Where the importer took a value it was not given."""
    if value in ("", None):
        return "not in the text"
    in_header = parsed.shape != "news_fragment"  # a fragment has no header: all it says is body text
    if name == "title":
        return HEADER if parsed.title else (REFERENCE if "untitled" not in value else ASSUMED)
    if name == "kind":
        return (
            HEADER
            if parsed.shape == "wajd_declaration" and parsed.title
            else f"{ASSUMED} (from the text's shape)"
        )
    if name == "summit":
        return f"{REFERENCE} (the text's date and places)"
    if name == "date":
        if outcome.date_source == REFERENCE:
            return f"{BODY}, settled by the {REFERENCE}"
        if parsed.date is not None:
            return HEADER if in_header and parsed.date_line != parsed.closing_line else BODY
        if parsed.closing_date is not None:
            return BODY
        if date_in_name(file_name):
            return FILE_NAME
        return f"{REFERENCE} (the summit's last day)"
    if name == "place":
        if parsed.place:
            return HEADER
        if parsed.closing_place:
            return BODY
        return f"{REFERENCE} (the summit's city)"
    if name == "author":
        return f"{BODY} (credit line)"
    if name == "source_url":
        return f"{BODY} ('Original url' line)"
    return HEADER if in_header else BODY
