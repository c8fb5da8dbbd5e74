"""Which models django-reversion records, the baseline version that makes a first staff edit revertible, and a
revert that leaves a paragraph where the document has it now.

A save in the admin is one revision: a paragraph and its tags (inline) revert together, a summit and its
participation rows likewise. Imported rows have no version until staff first touch them, so before the first
recorded edit we store the row as it was ("before the first staff edit"); without it there would be nothing to
revert to.

A version stores every field, but a revert must only bring back what staff edit. Splits, merges, inserts and
deletions renumber a document after its paragraphs' versions were stored, and Document.save rewrites the copies
of its fields on every paragraph: writing an old number back can take another paragraph's place (the (document,
number) constraint fails), and an old `published` copy would show a paragraph of an unpublished document.
"""

from collections import defaultdict

import reversion
from django.db import IntegrityError, models, transaction
from reversion.errors import RevertError
from reversion.models import Version

from ..models import (
    Document,
    Paragraph,
    ParagraphTheme,
    Participation,
    QuotationLink,
    RejectedTag,
    State,
    StateAlias,
    StatusChange,
    Summit,
    Theme,
)
from ..rendering import render_markdown

BASELINE_COMMENT = "Before the first staff edit (as imported)"

# The rows each model's versions carry along (reversion's `follow`); a revert deletes those added since.
FOLLOW = {
    Paragraph: ["tags", "rejected_tags"],
    ParagraphTheme: [],
    RejectedTag: [],
    Document: [],
    Summit: ["participations", "status_changes"],
    Participation: [],
    StatusChange: [],
    Theme: [],
    State: ["aliases"],
    StateAlias: [],
    QuotationLink: [],
}

# Fields a revert leaves as they are now: those staff cannot edit. A paragraph's place and identity, the copies of
# its document's fields, and what the importer wrote; a document's provenance.
KEPT_ON_REVERT = {
    Paragraph: [
        "document",
        "number",
        "key",
        "summit",
        "date",
        "kind",
        "published",
        "quoted",
        "source_text",
        "source_heading",
    ],
    Document: [
        "seed_file",
        "checksum",
        "first_imported_at",
        "last_imported_at",
        "import_notes",
        "original_text",
        "synthetic",
    ],
}

# A deleted paragraph has no place in its document to return to (a merge already moved its text into the one
# before it), so a revert never brings one back.
NOT_RESTORABLE = {Paragraph}

DELETED_PARAGRAPH = (
    "has since been deleted (merged into the paragraph before it, or removed from its document). A deleted "
    "paragraph cannot be restored from history: it no longer has a place in the document. Add its text again "
    "from the document's page if it is needed."
)
ORPHANED = "belongs to a row that has since been deleted, so it cannot come back either."


def register_models():
    for model, follow in FOLLOW.items():
        if not reversion.is_registered(model):
            reversion.register(model, follow=follow)


def unversioned(model, pks):
    pks = [str(pk) for pk in pks]
    have = set(
        Version.objects.get_for_model(model).filter(object_id__in=pks).values_list("object_id", flat=True)
    )
    return [pk for pk in pks if pk not in have]


def record_baseline(model, pks):
    """Store the current state of the rows that have no version yet, as their own revision."""
    missing = unversioned(model, pks)
    if not missing:
        return 0
    objects = list(model._default_manager.filter(pk__in=missing))
    with reversion.create_revision():
        reversion.set_comment(BASELINE_COMMENT)
        for obj in objects:
            reversion.add_to_revision(obj)
    return len(objects)


# Reverting ------------------------------------------------------------------------------------------------------


def row_key(model, pk):
    return model, str(pk)


def current_rows(keys, *only):
    """The rows behind (model, pk) keys that exist now, by key: one query per model (`only` some fields)."""
    by_model = defaultdict(list)
    for model, pk in keys:
        by_model[model].append(pk)
    return {
        row_key(model, obj.pk): obj
        for model, pks in by_model.items()
        for obj in model._default_manager.filter(pk__in=pks).only(*only)
    }


def foreign_keys(obj):
    return [
        row_key(f.related_model, getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and getattr(obj, f.attname) is not None
    ]


def followed(obj):
    """The rows `obj` carries along now, recursively (what reversion follows for it)."""
    for name in FOLLOW.get(type(obj), []):
        for child in getattr(obj, name).all():
            yield child
            yield from followed(child)


def revert_revision(revision):
    """Revert every row of `revision` as reversion's Revision.revert(delete=True) does, with three differences.

    The fields of KEPT_ON_REVERT keep their current values; a paragraph's html is rendered again from the restored
    text (by today's sanitizer); rows of NOT_RESTORABLE models deleted since stay deleted, and so do the rows that
    belong to them (their tags). Returns [(version, reason)] for the rows left out. Raises RevertError when a row
    cannot be written. Call it inside a transaction: it writes row by row.
    """
    versions = list(revision.version_set.all())
    objects = {row_key(v._model, v.object_id): v._object_version for v in versions}
    now = current_rows(objects)
    skipped = {key: DELETED_PARAGRAPH for key in objects if key[0] in NOT_RESTORABLE and key not in now}
    # Rows pointing at a row that stays deleted stay deleted too (repeat: a tag of a skipped paragraph, ...).
    targets = current_rows(
        {key for item in objects.values() for key in foreign_keys(item.object)} - set(objects), "pk"
    )
    changed = True
    while changed:
        changed = False
        for key, item in objects.items():
            if key in skipped:
                continue
            if any(
                fk not in targets and (fk not in objects or fk in skipped) for fk in foreign_keys(item.object)
            ):
                skipped[key] = ORPHANED
                changed = True
    restoring = {key: item for key, item in objects.items() if key not in skipped}

    for key in restoring:
        if key in now:
            for child in followed(now[key]):
                if row_key(type(child), child.pk) not in objects:
                    child.delete()
    drop_missing_m2m(restoring.values())
    for key, item in restoring.items():
        obj = item.object
        current = now.get(key)
        if current is not None:
            for name in KEPT_ON_REVERT.get(type(obj), []):
                attname = obj._meta.get_field(name).attname
                setattr(obj, attname, getattr(current, attname))
        if isinstance(obj, Paragraph):
            obj.html = render_markdown(obj.text)
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError as e:
            raise RevertError(f"Could not restore {obj}: it clashes with a change made since ({e}).") from e
    by_key = {row_key(v._model, v.object_id): v for v in versions}
    return [(by_key[key], reason) for key, reason in skipped.items()]


def drop_missing_m2m(items):
    """Leave out many-to-many links to rows deleted since (a named state), rather than fail at commit."""
    wanted = set()
    for item in items:
        for name, pks in (item.m2m_data or {}).items():
            related = item.object._meta.get_field(name).related_model
            wanted |= {row_key(related, pk) for pk in pks}
    found = current_rows(wanted, "pk")
    for item in items:
        for name, pks in (item.m2m_data or {}).items():
            related = item.object._meta.get_field(name).related_model
            item.m2m_data[name] = [pk for pk in pks if row_key(related, pk) in found]
