"""What staff do to paragraphs and tags, as plain functions the admin (and tests) call.

Paragraph.key is a paragraph's stable identity: splitting keeps the original row (and key) for the first part,
merging keeps the first paragraph's row, and renumbering only rewrites `number` on the rows whose position
actually changed. Numbers stay consecutive (1..n) within a document.

The (document, number) unique constraint is checked row by row on both SQLite and PostgreSQL, so every renumbering
first moves the affected numbers out of the way (+ OFFSET) and then assigns the final ones.

Tag decisions made by staff stick: a theme added by staff has origin=staff and a rule's tag staff confirmed keeps
its rule and gains confirmed_at (rules never remove either); a theme removed or rejected by staff leaves a
RejectedTag holding what the tag was, so retagging and re-imports never put it back; adding it again lifts the
rejection.
"""

import re

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Paragraph, ParagraphTheme, RejectedTag
from .quotations.links import refresh_paragraphs as refresh_quotations
from .retag import Retagger

OFFSET = 1_000_000
# Where a paragraph can sensibly be split: after a sentence's end or a line break.
SENTENCE_END = re.compile(r"(?<=[.;:!?])[\"'”’)]*\s+|\n+")


class EditError(ValueError):
    """An edit that cannot be made; the message is written for staff."""


# Numbering ----------------------------------------------------------------------------------------------------


def renumber(document, order=None):
    """Number the document's paragraphs 1..n, in `order` (paragraph pks) or their current order.

    Returns how many paragraphs changed number; the others are not written at all.
    """
    current = dict(document.paragraphs.order_by("number").values_list("pk", "number"))
    order = list(current) if order is None else list(order)
    if sorted(order) != sorted(current):
        raise EditError("the new order must list every paragraph of the document exactly once")
    moves = {pk: n for n, pk in enumerate(order, 1) if current[pk] != n}
    if moves:
        Paragraph.objects.filter(pk__in=moves).update(number=F("number") + OFFSET)
        rows = [Paragraph(pk=pk, number=n) for pk, n in moves.items()]
        Paragraph.objects.bulk_update(rows, ["number"], batch_size=500)
    return len(moves)


def shift_after(document, number, by):
    """Move every paragraph numbered above `number` by `by` (+1 to make room, -1 to close a gap)."""
    later = document.paragraphs.filter(number__gt=number, number__lt=OFFSET)
    later.update(number=F("number") + OFFSET)
    document.paragraphs.filter(number__gt=number + OFFSET).update(number=F("number") - OFFSET + by)


# Adding, splitting, merging -----------------------------------------------------------------------------------


@transaction.atomic
def insert_paragraph(document, text, heading="", after=None):
    """A new staff-written paragraph after paragraph `after` (at the end when None); later ones move down."""
    last = document.paragraphs.order_by("-number").values_list("number", flat=True).first() or 0
    after = last if after is None else max(0, min(after, last))
    section = (
        document.paragraphs.filter(number__lte=after)
        .order_by("-number")
        .values_list("section", flat=True)
        .first()
        or 1
    )
    shift_after(document, after, +1)
    paragraph = Paragraph(
        document=document, number=after + 1, text=text, heading=heading, section=section, staff_edited=True
    )
    paragraph.save()
    Retagger().retag([paragraph])
    refresh_quotations([paragraph])
    return paragraph


def split_points(text):
    """Positions where `text` can be split into two non-empty parts: after each sentence or line break."""
    points = []
    for match in SENTENCE_END.finditer(text):
        if text[: match.start()].strip() and text[match.end() :].strip():
            points.append(match.end())
    return points


@transaction.atomic
def split_paragraph(paragraph, position):
    """Split at character `position`: the first part keeps the row and key, the second becomes the next number.

    Both parts keep the heading and the staff tags and rejections; rule tags are worked out again for each part.
    """
    paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    first, second = paragraph.text[:position].rstrip(), paragraph.text[position:].lstrip()
    if not first or not second:
        raise EditError(f"splitting at {position} would leave an empty paragraph")
    document = paragraph.document
    shift_after(document, paragraph.number, +1)
    paragraph.text = first
    paragraph.staff_edited = True
    paragraph.save()
    new = Paragraph(
        document=document,
        number=paragraph.number + 1,
        text=second,
        heading=paragraph.heading,
        section=paragraph.section,
        staff_edited=True,
    )
    new.save()
    ParagraphTheme.objects.bulk_create(
        [
            ParagraphTheme(paragraph=new, theme_id=tag.theme_id, origin=tag.origin, rule=tag.rule)
            for tag in paragraph.tags.filter(origin=ParagraphTheme.Origin.STAFF)
        ]
    )
    RejectedTag.objects.bulk_create(
        [RejectedTag(paragraph=new, theme_id=r.theme_id) for r in paragraph.rejected_tags.all()]
    )
    Retagger().retag([paragraph, new])
    refresh_quotations([paragraph, new])
    return paragraph, new


@transaction.atomic
def merge_with_next(paragraph):
    """Append the next paragraph's text to this one and delete the next; this paragraph keeps its key."""
    paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    document = paragraph.document
    following = document.paragraphs.filter(number=paragraph.number + 1).first()
    if following is None:
        raise EditError(f"paragraph {paragraph.number} is the last one: there is nothing to merge it with")
    paragraph.text = f"{paragraph.text.rstrip()} {following.text.lstrip()}"
    paragraph.staff_edited = True
    paragraph.save()
    have = set(paragraph.tags.values_list("theme_id", flat=True))
    ParagraphTheme.objects.bulk_create(
        [
            ParagraphTheme(paragraph=paragraph, theme_id=tag.theme_id, origin=tag.origin, rule=tag.rule)
            for tag in following.tags.filter(origin=ParagraphTheme.Origin.STAFF)
            if tag.theme_id not in have
        ]
    )
    RejectedTag.objects.bulk_create(
        [RejectedTag(paragraph=paragraph, theme_id=r.theme_id) for r in following.rejected_tags.all()],
        ignore_conflicts=True,
    )
    following.delete()
    shift_after(document, paragraph.number + 1, -1)
    Retagger().retag([paragraph])
    refresh_quotations([paragraph])
    return paragraph


@transaction.atomic
def delete_paragraph(paragraph):
    document, number = paragraph.document, paragraph.number
    paragraph.delete()
    shift_after(document, number, -1)


# Tags -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def add_theme(paragraphs, theme):
    """Tag the paragraphs with `theme` as a staff decision.

    Returns (ids newly tagged, ids whose rule tag is now confirmed); paragraphs already staff-tagged are left.
    """
    ids = list(paragraphs.values_list("pk", flat=True))
    tagged = ParagraphTheme.objects.filter(paragraph_id__in=ids, theme=theme)
    rule_tagged = set(tagged.filter(origin=ParagraphTheme.Origin.RULE).values_list("paragraph_id", flat=True))
    # A rule's tag staff agree with is confirmed, keeping the rule that gave it.
    tagged.filter(paragraph_id__in=rule_tagged, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    have = set(tagged.values_list("paragraph_id", flat=True))
    added = [pk for pk in ids if pk not in have]
    ParagraphTheme.objects.bulk_create(
        [ParagraphTheme(paragraph_id=pk, theme=theme, origin=ParagraphTheme.Origin.STAFF) for pk in added],
        batch_size=1000,
    )
    RejectedTag.objects.filter(paragraph_id__in=ids, theme=theme).delete()
    return set(added), rule_tagged


@transaction.atomic
def remove_theme(paragraphs, theme):
    """Untag the paragraphs; the removal is remembered so rules never add the theme back. Returns the ids untagged."""
    ids = list(paragraphs.values_list("pk", flat=True))
    return reject_tags(ParagraphTheme.objects.filter(paragraph_id__in=ids, theme=theme))


@transaction.atomic
def reject_tags(tags, user=None):
    """Remove tags as a staff decision, keeping each as a RejectedTag (with its origin, rule and matched words) that
    the rules never override. Returns the ids of the paragraphs untagged."""
    rows = list(tags.values_list("pk", "paragraph_id", "theme_id", "origin", "rule", "matched"))
    ParagraphTheme.objects.filter(pk__in=[row[0] for row in rows]).delete()
    RejectedTag.objects.bulk_create(
        [
            RejectedTag(
                paragraph_id=paragraph_id,
                theme_id=theme_id,
                origin=origin,
                rule=rule,
                matched=matched,
                rejected_by=user,
            )
            for _, paragraph_id, theme_id, origin, rule, matched in rows
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return {row[1] for row in rows}


def confirm_tags(tags, user=None):
    """Confirm rule tags as a staff decision: they keep their rule and stay if the rules stop matching.

    Returns how many were confirmed (tags already confirmed, and staff tags, are left as they are)."""
    return tags.filter(origin=ParagraphTheme.Origin.RULE, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), confirmed_by=user
    )


def reject_tag(tag, user=None):
    """Remove one tag as a staff decision (see reject_tags)."""
    RejectedTag.objects.get_or_create(
        paragraph_id=tag.paragraph_id,
        theme_id=tag.theme_id,
        defaults={"origin": tag.origin, "rule": tag.rule, "matched": tag.matched, "rejected_by": user},
    )
    if tag.pk:
        tag.delete()


def accept_theme(paragraph, theme):
    """A staff-added tag lifts an earlier rejection of the same theme."""
    RejectedTag.objects.filter(paragraph=paragraph, theme=theme).delete()
