"""Context for the comparison partials that other pages include: the compare picker and a paragraph's lineage.

The partials load these tags themselves, so a page needs one include line and no change to its view:
    {% include "declarations/_compare_picker.html" with document=document only %}
    {% include "declarations/_lineage.html" with paragraph=paragraph only %}
"""

from itertools import groupby

from django import template
from django.db.models import Case, IntegerField, Value, When
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from ..lineage import lineage
from ..models import Document

register = template.Library()

SAME_SUMMIT = 30  # the picked document's own summit: its first documents, declarations first
OPTION_FIELDS = ("slug", "title", "date", "kind", "summit__city", "summit__start_date")


def option_groups(rows):
    """<optgroup>s of <option>s from OPTION_FIELDS rows in summit order, built with format_html (a template
    loop over thousands of options once cost the document page a second)."""
    kinds = dict(Document.Kind.choices)
    groups = []
    for (city, start), options in groupby(rows, key=lambda row: (row[4], row[5])):
        groups.append(
            format_html(
                '<optgroup label="{} {}">{}</optgroup>',
                city,
                start.year,
                format_html_join(
                    "",
                    '<option value="{}">{} · {} ({})</option>',
                    (
                        (slug, f"{date:%Y-%m-%d}", Truncator(title).chars(90), kinds.get(kind, kind))
                        for slug, title, date, kind, _city, _start in options
                    ),
                ),
            )
        )
    return format_html_join("", "{}", ((group,) for group in groups))


@register.simple_tag
def compare_options(document):
    """Documents to set beside this one (two queries, a bounded list at any archive size): the first
    SAME_SUMMIT others of its summit, declarations first, then each other summit's principal documents
    (Document.objects.principal). Any other document can be typed by its address in the picker's text field."""
    declaration_first = Case(
        When(kind=Document.Kind.DECLARATION, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    same = (
        Document.objects.public()
        .filter(summit_id=document.summit_id)
        .exclude(pk=document.pk)
        .order_by(declaration_first, "date", "title")
        .values_list(*OPTION_FIELDS)[:SAME_SUMMIT]
    )
    others = (
        Document.objects.principal()
        .exclude(summit_id=document.summit_id)
        .order_by("summit__start_date", "principal_rank")
        .values_list(*OPTION_FIELDS)
    )
    return option_groups([*same, *others])


@register.simple_tag
def lineage_of(paragraph, limit=5):
    """The most similar paragraphs of other summits, earliest first (one query; see lineage.py)."""
    return lineage(paragraph, limit=limit)
