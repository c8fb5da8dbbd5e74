"""Context for the comparison partials that other pages include: the compare picker and a paragraph's lineage.

The partials load these tags themselves, so a page needs one include line and no change to its view:
    {% include "declarations/_compare_picker.html" with document=document only %}
    {% include "declarations/_lineage.html" with paragraph=paragraph only %}
"""

import unicodedata
from dataclasses import dataclass

from django import template
from django.utils.text import Truncator

from ..kinds import kind_label, kind_plural
from ..lineage import lineage
from ..models import Document, Summit

register = template.Library()

SAME_SUMMIT = 30  # the picked document's own summit: its first documents, its own kind first
TITLE_LENGTH = 90  # an option's title is cut to this many characters
OPTION_FIELDS = ("slug", "title", "date", "kind", "summit__city", "summit__start_date", "publisher")


@dataclass(frozen=True)
class Option:
    slug: str
    label: str  # "Bishkek 2013 · 2013-09-13 · Bishkek Declaration (Declaration)"


@dataclass(frozen=True)
class Picker:
    """The options of a document page's compare picker: its own kind's first, and `kind` says what they are
    ("Declarations"). _compare_picker.html renders them."""

    kind: str
    same_kind: list
    other_kinds: list


def option(row):
    """An Option from an OPTION_FIELDS row (publisher optional)."""
    slug, title, date, kind, city, start, *publisher = row
    label = kind_label(kind, publisher[0] if publisher else "")
    return Option(slug, f"{Summit.label(city, start)} · {date:%Y-%m-%d} · {shortened(title)} ({label})")


def shortened(title, length=TITLE_LENGTH):
    """Truncator(title).chars(length); a title of at most that many code points cannot need cutting."""
    if len(title) <= length:
        return unicodedata.normalize("NFC", title)
    return Truncator(title).chars(length)


@register.simple_tag
def compare_options(document):
    """Documents to set beside this one, those of its own kind first (issue 16), in a bounded list at any
    archive size (three queries): up to SAME_SUMMIT others of its summit, its kind first, then each other
    summit's principal documents (Document.objects.principal_rows). Any other document can be typed by its
    address."""
    others = Document.objects.public().filter(summit_id=document.summit_id).exclude(pk=document.pk)
    same = list(
        others.filter(kind=document.kind).order_by("date", "title").values_list(*OPTION_FIELDS)[:SAME_SUMMIT]
    )
    if len(same) < SAME_SUMMIT:
        rest = others.exclude(kind=document.kind).order_by("date", "title").values_list(*OPTION_FIELDS)
        same += rest[: SAME_SUMMIT - len(same)]
    same_kind, other_kinds = [], []
    for row in same:
        (same_kind if row[3] == document.kind else other_kinds).append(option(row))
    for row in Document.objects.principal_rows():
        if row[0] != document.summit_id:
            (same_kind if row[4] == document.kind else other_kinds).append(option(row[1:]))
    return Picker(kind_plural(document.kind), same_kind, other_kinds)


@register.simple_tag
def lineage_of(paragraph, limit=5):
    """The most similar paragraphs of other summits, earliest first (one query; see lineage.py)."""
    return lineage(paragraph, limit=limit)
