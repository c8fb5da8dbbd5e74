"""Context for the comparison partials that other pages include: the compare picker and a paragraph's lineage.

The partials load these tags themselves, so a page needs one include line and no change to its view:
    {% include "declarations/_compare_picker.html" with document=document only %}
    {% include "declarations/_lineage.html" with paragraph=paragraph only %}
"""

import unicodedata
from dataclasses import dataclass
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ..catalog import cached, principal_rows
from ..kinds import kind_label, kind_plural
from ..lineage import lineage
from ..models import Document, Summit

register = template.Library()

SAME_SUMMIT = 30  # the picked document's own summit: its first documents, its own kind first
TITLE_LENGTH = 90  # an option's title is cut to this many characters
OPTION_FIELDS = ("slug", "title", "date", "kind", "summit__city", "summit__start_date", "publisher")


@dataclass(frozen=True)
class Picker:
    """The options of a document page's compare picker: `same_kind` and `other_kinds` are rendered <option>s,
    and `kind` says what the first ones are ("Declarations")."""

    kind: str
    same_kind: str
    other_kinds: str


def option(row):
    """One escaped <option> from an OPTION_FIELDS row (publisher optional): f-strings with html.escape, since a
    template loop or format_html per option cost the document page milliseconds (issue 7)."""
    slug, title, date, kind, city, start, *publisher = row
    label = kind_label(kind, publisher[0] if publisher else "")
    return (
        f'<option value="{escape(slug)}">{escape(Summit.label(city, start))} · {date:%Y-%m-%d} · '
        f"{escape(shortened(title))} ({escape(label)})</option>"
    )


def shortened(title, length=TITLE_LENGTH):
    """Truncator(title).chars(length), which measures a title character by character (about 20 µs a title);
    a title of at most that many code points cannot need cutting, and Truncator gives it back in NFC."""
    if len(title) <= length:
        return unicodedata.normalize("NFC", title)
    return Truncator(title).chars(length)


@register.simple_tag
def compare_options(document):
    """Documents to set beside this one, those of its own kind first (issue 16), in a bounded list at any
    archive size (two queries, three when the other summits' options are rebuilt): up to SAME_SUMMIT others of
    its summit, its kind first, then each other summit's principal documents (catalog.principal_rows, their
    options rendered and cached once per catalog version). Any other document can be typed by its address."""
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
    for summit_id, kind, html in principal_options():
        if summit_id != document.summit_id:
            (same_kind if kind == document.kind else other_kinds).append(html)
    # Every value in the options is escaped by option().
    return Picker(kind_plural(document.kind), mark_safe("".join(same_kind)), mark_safe("".join(other_kinds)))  # noqa: S308


def principal_options():
    """(summit id, kind, its <option>) for every summit's principal documents, rendered once per catalog
    version: every document page shows them all but its own summit's, and rendering a hundred options (a
    truncated title, an escaped label each) cost the page 4 ms (issue 7)."""
    return cached(
        "principal-options",
        lambda: [(row[0], row[4], option(row[1:])) for row in principal_rows()],
    )


@register.simple_tag
def lineage_of(paragraph, limit=5):
    """The most similar paragraphs of other summits, earliest first (one query; see lineage.py)."""
    return lineage(paragraph, limit=limit)
