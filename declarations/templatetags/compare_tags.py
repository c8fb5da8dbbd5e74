"""Context for the comparison partials that other pages include: the compare picker and a paragraph's lineage.

The partials load these tags themselves, so a page needs one include line and no change to its view:
    {% include "declarations/_compare_picker.html" with document=document only %}
    {% include "declarations/_lineage.html" with paragraph=paragraph only %}
"""

import unicodedata
from html import escape
from itertools import groupby
from operator import itemgetter

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ..lineage import lineage
from ..models import Document, Summit

register = template.Library()

SAME_SUMMIT = 30  # the picked document's own summit: its first documents, declarations first
TITLE_LENGTH = 90  # an option's title is cut to this many characters
OPTION_FIELDS = ("slug", "title", "date", "kind", "summit__city", "summit__start_date")


def option_groups(rows):
    """<optgroup>s of <option>s from OPTION_FIELDS rows in summit order, as one string with every value escaped
    (a template loop over thousands of options once cost the document page a second; format_html per option
    still cost a millisecond a page)."""
    kinds = dict(Document.Kind.choices)
    groups = []
    for (city, start), options in groupby(rows, key=lambda row: (row[4], row[5])):
        items = "".join(
            f'<option value="{escape(slug)}">{date:%Y-%m-%d} · {escape(shortened(title))} '
            f"({escape(kinds.get(kind, kind))})</option>"
            for slug, title, date, kind, _city, _start in options
        )
        groups.append(f'<optgroup label="{escape(Summit.label(city, start))}">{items}</optgroup>')
    return mark_safe("".join(groups))  # noqa: S308 (every value above is escaped)


def shortened(title, length=TITLE_LENGTH):
    """Truncator(title).chars(length), which measures a title character by character (about 20 µs a title);
    a title of at most that many code points cannot need cutting, and Truncator gives it back in NFC."""
    if len(title) <= length:
        return unicodedata.normalize("NFC", title)
    return Truncator(title).chars(length)


@register.simple_tag
def compare_options(document):
    """Documents to set beside this one (two queries, three when the other summits' options are rebuilt; a
    bounded list at any archive size): the first SAME_SUMMIT others of its summit, declarations first, then each
    other summit's principal documents (catalog.principal_rows, their options rendered and cached once per
    catalog version). Any other document can be typed by its address in the picker's text field."""
    same = (
        Document.objects.public()
        .filter(summit_id=document.summit_id)
        .exclude(pk=document.pk)
        .values_list(*OPTION_FIELDS)
        .declarations_first(SAME_SUMMIT)
    )
    others = "".join(html for summit_id, html in principal_option_groups() if summit_id != document.summit_id)
    return mark_safe(option_groups(same) + others)  # noqa: S308 (both escaped by option_groups)


def principal_option_groups():
    """(summit id, its <optgroup> of principal documents) for every summit, rendered once per catalog version:
    every document page shows them all but its own summit's, and rendering a hundred options (a truncated
    title, an escaped label each) cost the page 4 ms (issue 7)."""
    return [
        (summit_id, option_groups([row[1:] for row in rows]))
        for summit_id, rows in groupby(Document.objects.principal_rows(), key=itemgetter(0))
    ]


@register.simple_tag
def lineage_of(paragraph, limit=5):
    """The most similar paragraphs of other summits, earliest first (one query; see lineage.py)."""
    return lineage(paragraph, limit=limit)
