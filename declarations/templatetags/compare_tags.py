"""Context for the comparison partials that other pages include: the compare picker and a paragraph's lineage.

The partials load these tags themselves, so a page needs one include line and no change to its view:
    {% include "declarations/_compare_picker.html" with document=document only %}
    {% include "declarations/_lineage.html" with paragraph=paragraph only %}
"""

from django import template

from ..lineage import lineage
from ..models import Document

register = template.Library()


@register.simple_tag
def compare_choices(document):
    """The other public documents one can compare this one with, by date (one query)."""
    return list(
        Document.objects.public()
        .exclude(pk=document.pk)
        .select_related("summit")
        .only("slug", "title", "date", "kind", "summit__city", "summit__start_date")
        .order_by("summit__start_date", "date", "title")
    )


@register.simple_tag
def lineage_of(paragraph, limit=5):
    """The most similar paragraphs of other summits, earliest first (one query; see lineage.py)."""
    return lineage(paragraph, limit=limit)
