"""{% quoted_in paragraph as q %}, {% quotes_from paragraph as links %}, {% quoted_count document as n %}: what
the quotation partials show, fetched where they are included (as _lineage.html does), so a page needs only the
include line."""

from django import template

from ..quotations import display

register = template.Library()


@register.simple_tag
def quoted_in(paragraph):
    return display.quoted_in(paragraph)


@register.simple_tag
def quotes_from(paragraph):
    return display.quotes_from(paragraph)


@register.simple_tag
def quoted_count(document):
    return display.quoted_count(document)
