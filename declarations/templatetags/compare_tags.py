"""Context for the comparison partials that other pages include: the compare picker and a paragraph's lineage.

The partials load these tags themselves, so a page needs one include line and no change to its view:
    {% include "declarations/_compare_picker.html" with document=document only %}
    {% include "declarations/_lineage.html" with paragraph=paragraph only %}
"""

from itertools import groupby

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from ..lineage import lineage
from ..models import Document

register = template.Library()


@register.simple_tag
def compare_options(document):
    """<optgroup>s of <option>s for the other public documents, by summit and date (one query).

    Built in Python with format_html: with thousands of documents a template loop with regroup cost the
    document page a second; this costs a few milliseconds.
    """
    rows = (
        Document.objects.public()
        .exclude(pk=document.pk)
        .order_by("summit__start_date", "date", "title")
        .values_list("slug", "title", "date", "kind", "summit__city", "summit__start_date")
    )
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
def lineage_of(paragraph, limit=5):
    """The most similar paragraphs of other summits, earliest first (one query; see lineage.py)."""
    return lineage(paragraph, limit=limit)
