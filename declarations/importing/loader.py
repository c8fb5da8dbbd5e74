"""Import parsed source texts into the database: one transaction per file, idempotent, keeping staff edits.

A re-import of a changed file updates its document in place. Paragraphs are matched to the new text by content
(difflib over the paragraph sequence), so a paragraph whose text still matches keeps its row, its key, its tags
and its permalink even when paragraphs before it were added or removed. A paragraph staff edited keeps the staff
text; the import reports the conflict. Document metadata is merged three ways against what the last import wrote.
"""

import datetime
import difflib
import hashlib
import re
from dataclasses import dataclass, field, replace

from django.db import DataError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from ..models import Document, ImportRecord, Paragraph, Summit
from ..quotations import links as quotation_links
from ..retag import Retagger
from ..search import counts as summary_counts
from .dating import settle_date
from .errors import SourceError
from .matching import pair_similar
from .merge import three_way
from .report import Report
from .shapes import ParseError, decode, parse, parse_date
from .text import check_size
from .validation import field_errors, line_of, refuse, toml_line

MANIFEST_KEYS = {
    "author",
    "summit",
    "kind",
    "title",
    "date",
    "publisher",
    "source_url",
    "language",
    "slug",
    "place",
    "source_name",
}


@dataclass
class FileOutcome:
    path: str
    outcome: str  # created | updated | unchanged
    document: Document | None = None
    paragraphs: dict = field(default_factory=dict)
    conflicts: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    parsed: object = None  # the ParsedDocument, for a preview
    date_source: str = ""


def import_file(
    path, manifest_entry=None, *, summits=None, retagger=None, overwrite_edits=False, dry_run=False, data=None
):
    """Import one text file; raises SourceError on bad input, leaving nothing behind.

    A run over many files passes its summits and one Retagger (compiled rules and state names) to every file.
    An upload passes its bytes as `data` and its file name as `path`.
    """
    data = read_bytes(path) if data is None else data
    summits = summits if summits is not None else list(Summit.objects.select_related("host"))
    text, parsed, checksum, settled = read_text(path, data, summits)
    own_retagger = retagger is None
    retagger = retagger or Retagger()
    with transaction.atomic():
        with summary_counts.batch():
            outcome = DocumentImport(
                path, text, parsed, checksum, manifest_entry or {}, summits, retagger, overwrite_edits
            ).run()
            outcome.parsed, outcome.date_source = parsed, settled.source
            if own_retagger:
                outcome.warnings += retagger.result.warnings
        # after the counts' refresh, which writes: a transaction marked for rollback takes no more queries
        if dry_run:
            transaction.set_rollback(True)
    return outcome


def read_text(path, data, summits):
    """(text, parsed, sha256, settled date) of a file's bytes: decoded, parsed, its date settled against the
    summits (the settlement's notes added to the parse's warnings). What an import and its preview both start from."""
    try:
        text = decode(data)
        parsed = parse(text)
    except ParseError as e:
        raise SourceError(path.name, e.message, e.line) from e
    settled = settle_date(parsed, summits)
    parsed.warnings += settled.notes
    return text, parsed, hashlib.sha256(data).hexdigest(), settled


def read_bytes(path):
    """The file's bytes, refused by its size before it is read (a 50 MB file fails at once, not minutes later)."""
    try:
        check_size(path.stat().st_size)
        return path.read_bytes()
    except ParseError as e:
        raise SourceError(path.name, e.message) from e
    except OSError as e:
        raise SourceError(path, f"cannot be read: {e.strerror}") from e


class DocumentImport:
    def __init__(self, path, text, parsed, checksum, manifest, summits, retagger, overwrite_edits):
        self.path, self.text, self.parsed, self.checksum = path, text, parsed, checksum
        self.manifest, self.summits, self.overwrite_edits = manifest, summits, overwrite_edits
        self.retagger = retagger
        self.outcome = FileOutcome(path=path.name, outcome="unchanged")
        self.origins = {}  # field -> "manifest" | "assumed", for values the text did not give (metadata())
        self.outcome.warnings += [f"{path.name}: {w}" for w in parsed.warnings]

    def run(self):
        values = self.metadata()
        self.validate(values)
        document = Document.objects.filter(seed_file=self.path.name).first()
        duplicate = Document.objects.filter(checksum=self.checksum).exclude(seed_file=self.path.name).first()
        if duplicate:
            raise SourceError(
                self.path.name, f"duplicate document: the same text was imported from {duplicate.seed_file!r}"
            )
        now = timezone.now()
        record_key = self.path.name
        record = ImportRecord.objects.filter(kind="document", key=record_key).first()
        file_values = {k: json_value(v) for k, v in values.items()}
        if document is None:
            document = Document(
                seed_file=self.path.name, slug=self.unique_slug(values), first_imported_at=now, **values
            )
            self.validate_document(document, ["slug"])
            self.outcome.outcome = "created"
        else:
            ours = {
                k: json_value(getattr(document, k if k != "summit" else "summit_id")) for k in file_values
            }
            ours["summit"] = document.summit.slug
            merge = three_way(
                ours, file_values, record.values if record else {}, overwrite_edits=self.overwrite_edits
            )
            for name in merge.conflicts:
                self.outcome.conflicts.append(
                    f"{self.path.name}: kept the staff value of {name} ({ours[name]!r}; the file says {file_values[name]!r})"
                )
            for name in merge.updates:
                setattr(document, name, values[name])
            if merge.updates or document.checksum != self.checksum:
                self.outcome.outcome = "updated"
        if self.outcome.outcome == "unchanged":
            if (document.source_shape, document.value_origins) != (self.parsed.shape, self.origins):
                # Bookkeeping of where values came from, first written for documents imported before it was kept.
                document.source_shape, document.value_origins = self.parsed.shape, self.origins
                document.save(update_fields=["source_shape", "value_origins"])
            self.outcome.document = document
            return self.outcome
        document.source_shape, document.value_origins = self.parsed.shape, self.origins
        document.original_text = self.text
        document.checksum = self.checksum
        document.last_imported_at = now
        document.import_notes = "\n".join(self.outcome.warnings + self.outcome.conflicts)
        document.save()
        changed = self.sync_paragraphs(document)
        self.retagger.retag(
            changed
        )  # the summary counts follow through summary_counts.batch() and signals.py
        # News: its own quotations; a declaration: those of every news item of its summit, imported before it.
        quotation_links.refresh_document(document)
        if self.outcome.conflicts:
            document.import_notes = "\n".join(self.outcome.warnings + self.outcome.conflicts)
            document.save(update_fields=["import_notes"])
        ImportRecord.objects.update_or_create(
            kind="document", key=record_key, defaults={"values": file_values}
        )
        self.outcome.document = document
        return self.outcome

    # Validation: the models' own, before anything is written (validation.py) ----------------------------------

    def validate(self, values):
        self.validate_document(Document(seed_file=self.path.name, **values), [*values, "seed_file"])
        for item in self.parsed.paragraphs:
            errors = field_errors(Paragraph(text=item.text, heading=item.heading), ["text", "heading"])
            if errors:
                line = line_of(self.text, item.heading) if errors[0][0] == "heading" else item.line
                refuse(self.path.name, errors, line, prefix=f"paragraph {item.number}: ")

    def validate_document(self, document, names):
        errors = field_errors(document, [n for n in names if n != "summit"])
        if not errors:
            return
        name = errors[0][0]
        if self.manifest.get(
            name
        ):  # the value came from the manifest (or a curator's correction in the admin)
            if hasattr(self.manifest, "path"):
                where = self.manifest.path
                refuse(where, errors, toml_line(where, self.path.name, name), prefix=f"[{self.path.name!r}] ")
            refuse("manifest.toml or the admin's corrections", errors, prefix=f"[{self.path.name!r}] ")
        refuse(self.path.name, errors, line_of(self.text, getattr(document, name)))

    # Metadata -----------------------------------------------------------------------------------------------

    def metadata(self):
        parsed, manifest = self.parsed, self.manifest
        summit = self.summit()
        kind = manifest.get("kind") or parsed.kind or Document.Kind.OTHER
        if kind not in Document.Kind.values:
            raise SourceError(
                "manifest.toml", f"[{self.path.name!r}] kind must be one of {', '.join(Document.Kind.values)}"
            )
        date = self.manifest_date() or parsed.date or parsed.closing_date or date_in_name(self.path.name)
        if date is None:
            date = summit.end_date
            self.origins["date"] = "assumed"
            self.outcome.warnings.append(
                f"{self.path.name}: the text has no date; used the summit's last day ({date}). Set date in the manifest."
            )
        title = manifest.get("title") or parsed.title
        if not title:
            title = self.generated_title(kind, summit, date)
            self.origins["title"] = "assumed"
        if not (manifest.get("kind") or parsed.kind):
            self.origins["kind"] = "assumed"
        place = manifest.get("place") or parsed.place or parsed.closing_place or ""
        if not place and self.default_place(kind, summit):
            self.origins["place"] = "assumed"
        # What the manifest gives overrides the text: staff supplied it (manifest.toml's own comment says so).
        self.origins.update({name: "manifest" for name in Document.IMPORTED_FIELDS if manifest.get(name)})
        return {
            "summit": summit,
            "kind": kind,
            "title": title[:300],
            "date": date,
            "place": place or self.default_place(kind, summit),
            "language": manifest.get("language") or "en",
            "publisher": manifest.get("publisher") or parsed.publisher or "",
            "author": manifest.get("author") or parsed.author or "",
            "source_name": manifest.get("source_name") or parsed.source_name or "",
            "source_url": manifest.get("source_url") or parsed.source_url or "",
        }

    def default_place(self, kind, summit):
        # A declaration is signed where its summit met; a news report's place is not ours to guess.
        return summit.city if kind in (Document.Kind.DECLARATION, Document.Kind.COMMUNIQUE) else ""

    def manifest_date(self):
        value = self.manifest.get("date")
        if value is None or isinstance(value, datetime.date):
            return value
        date = parse_date(str(value))
        if date is None:
            raise SourceError("manifest.toml", f"[{self.path.name!r}] date is not a date: {value!r}")
        return date

    def generated_title(self, kind, summit, date):
        if kind == Document.Kind.DECLARATION and summit.declaration_name:
            self.outcome.warnings.append(
                f"{self.path.name}: the text has no title; used the summit's declaration name ({summit.declaration_name!r})"
            )
            return summit.declaration_name
        label = Document.Kind(kind).label
        return f"{label} on the {summit.city} summit, {summit.year} (untitled in the source)"

    def summit(self):
        slug = self.manifest.get("summit")
        if slug:
            for summit in self.summits:
                if summit.slug == slug:
                    return summit
            known = ", ".join(s.slug for s in self.summits[-3:])
            raise SourceError(
                "manifest.toml", f"[{self.path.name!r}] unknown summit {slug!r} (slugs look like {known})"
            )
        # A date the manifest gives (an undated news fragment's) narrows the summits as the text's own would.
        parsed = replace(
            self.parsed, date=self.manifest_date() or self.parsed.date or date_in_name(self.path.name)
        )
        return resolve_summit(self.path.name, parsed, self.summits)

    def unique_slug(self, values):
        base = self.manifest.get("slug") or document_slug(values)
        slug, n = base, 2
        while Document.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    # Paragraphs ---------------------------------------------------------------------------------------------

    def sync_paragraphs(self, document):
        """Match existing paragraphs to the new text; returns the paragraphs whose text is new or changed."""
        old = list(document.paragraphs.order_by("number"))
        new = self.parsed.paragraphs
        matcher = difflib.SequenceMatcher(
            a=[p.source_text for p in old], b=[p.text for p in new], autojunk=False
        )
        ordered, changed = [], []  # (paragraph row, parsed paragraph or None)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0, "kept": 0}
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == "equal":
                ordered += list(zip(old[a0:a1], new[b0:b1], strict=True))
                counts["unchanged"] += a1 - a0
                continue
            olds, news = old[a0:a1], new[b0:b1]
            pairs = {
                j: olds[i]
                for j, i in pair_similar([r.source_text for r in olds], [p.text for p in news]).items()
            }
            paired = {row.pk for row in pairs.values()}
            for row in olds:
                if row.pk not in paired and self.is_staff_edited(row) and not self.overwrite_edits:
                    self.outcome.conflicts.append(
                        f"{self.path.name}: paragraph {row.number} was edited by staff and is gone from the source; kept it"
                    )
                    ordered.append((row, None))
                    counts["kept"] += 1
                elif row.pk not in paired:
                    row.delete()
                    counts["removed"] += 1
            for i, item in enumerate(news):
                row = pairs.get(i)
                if row is None:
                    row = Paragraph(document=document)
                    counts["created"] += 1
                else:
                    counts["updated"] += 1
                ordered.append((row, item))
                changed.append(row)
        self.write_paragraphs(document, ordered)
        self.outcome.paragraphs = counts
        return [row for row in changed if row.pk]

    def is_staff_edited(self, row):
        return row.staff_edited or (row.text != row.source_text) or (row.heading != row.source_heading)

    def write_paragraphs(self, document, ordered):
        # Move existing numbers out of the way first so renumbering never trips the (document, number) constraint.
        document.paragraphs.update(number=F("number") + 1_000_000)
        for number, (row, item) in enumerate(ordered, 1):
            row.number = number
            if item is not None:
                if row.pk and self.is_staff_edited(row) and not self.overwrite_edits:
                    if row.source_text != item.text or row.source_heading != item.heading:
                        self.outcome.conflicts.append(
                            f"{self.path.name}: paragraph {number} was edited by staff; kept the staff text "
                            "(the source changed too)"
                        )
                else:
                    row.text, row.heading = item.text, item.heading
                    row.staff_edited = False
                row.source_text, row.source_heading, row.section = item.text, item.heading, item.section
            for name, value in document.copied_fields().items():
                setattr(row, name, value)
            row.save()


# Summit resolution ----------------------------------------------------------------------------------------------

NOT_A_CITY = re.compile(r"\bShanghai\s+(?:Cooperation|Five|Spirit|Convention|Forum)", re.IGNORECASE)
DECLARATION_NAME = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?) Declaration\b")


def resolve_summit(filename, parsed, summits):
    """The summit a text belongs to, from its date and the summit cities it names; SourceError if unsettled."""
    body = " ".join(
        [parsed.title, parsed.place, parsed.closing_place, parsed.dateline_place]
        + [p.text for p in parsed.paragraphs]
    )
    body = NOT_A_CITY.sub(" ", body)  # "Shanghai Cooperation Organization" does not name Shanghai
    cities = {s.city for s in summits}
    named = {c for c in cities if re.search(rf"\b{re.escape(c)}\b", body)}
    declared = {c for c in cities if re.search(rf"\b{re.escape(c)}\s+(?:Declaration|[Ss]ummit)\b", body)}
    places = {p for p in (parsed.place, parsed.closing_place) if p}
    date = parsed.date or parsed.closing_date
    candidates = summits
    if date is not None:
        # A text is dated on or after its summit; news may follow it by weeks. Nearest summit within 120 days.
        near = [s for s in summits if -30 <= (date - s.start_date).days <= 120]
        candidates = near or [s for s in summits if s.start_date.year == date.year]
    for cities in (places, declared, named):
        narrowed = [s for s in candidates if s.city in cities]
        if len(narrowed) == 1:
            return narrowed[0]
        if narrowed:
            candidates = narrowed
    if date is not None and len(candidates) == 1:
        return candidates[0]
    if date is None and candidates is summits:
        hint = "the text names no summit city and has no date"
    elif not candidates:
        hint = f"no summit was held near {date}"
    else:
        hint = "it could be " + ", ".join(s.slug for s in candidates[:6])
    raise SourceError(
        filename,
        f'cannot tell which summit this text belongs to ({hint}): add summit = "YYYY-city" to its entry in seeds/manifest.toml',
    )


def document_slug(values):
    summit, kind, title = values["summit"], values["kind"], values["title"]
    match = DECLARATION_NAME.search(title.title())
    if kind == Document.Kind.DECLARATION and match and match.group(1).lower() == summit.city.lower():
        return f"{summit.year}-{slugify(summit.city)}-declaration"
    words = slugify(title).split("-")[:9]
    prefix = values["date"].isoformat() if kind == Document.Kind.NEWS else str(summit.year)
    return f"{prefix}-{'-'.join(words)}"[:110].rstrip("-")


NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_in_name(name):
    """A date the file name gives ("2018-06-10-xinhua.txt"): the last resort for a text that states none."""
    match = NAME_DATE.search(name)
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def json_value(value):
    if isinstance(value, Summit):
        return value.slug
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class ManifestEntry(dict):
    """A manifest table's values, with the file they are written in, so a refused value can be pointed at."""

    def __init__(self, values, path):
        super().__init__(values)
        self.path = path


def load_manifest(path, read_toml):
    """The manifest's entries keyed by file name; unknown keys are errors."""
    if not path.exists():
        return {}
    data = read_toml(path)
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise SourceError(path, f'{name!r} must be a table: ["{name}"] followed by key = value lines')
        unknown = set(entry) - MANIFEST_KEYS
        if unknown:
            raise SourceError(
                path,
                f"[{name!r}] unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(MANIFEST_KEYS))}",
                toml_line(path, name),
            )
    return {name: ManifestEntry(entry, path) for name, entry in data.items()}


def import_folder(paths, manifest, *, overwrite_edits=False, progress=None):
    """Import every file, each in its own transaction; failures are collected, not raised."""
    report = Report()
    summits = list(Summit.objects.select_related("host"))
    retagger = Retagger()
    report.warnings += retagger.result.warnings  # rules that do not parse, said once for the run
    outcomes = []
    for i, path in enumerate(paths, 1):
        if progress:
            progress(i, len(paths), path)
        try:
            outcome = import_file(
                path,
                manifest.get(path.name),
                summits=summits,
                retagger=retagger,
                overwrite_edits=overwrite_edits,
            )
        except SourceError as e:
            report.failures.append(str(e))
            continue
        except (DataError, IntegrityError) as e:
            # Validation should have refused the value first; if the database still does, the file's own
            # transaction has rolled back and the run goes on, as for any other bad file.
            report.failures.append(f"{path.name}: the database refused it: {str(e).strip().splitlines()[0]}")
            continue
        report.count(outcome.outcome)
        report.conflicts += outcome.conflicts
        report.warnings += outcome.warnings
        outcomes.append(outcome)
    return report, outcomes
