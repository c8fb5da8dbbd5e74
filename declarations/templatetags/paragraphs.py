"""Template tags for paragraph blocks (built in declarations/paragraph_html.py):

{% load paragraphs %}
{% paragraph_blocks page show_source=True %}      {# a list of paragraphs #}
{% paragraph_block paragraph anchor=True %}       {# one paragraph #}
"""

from django import template

from ..paragraph_html import Blocks, render_paragraphs

register = template.Library()


@register.simple_tag(takes_context=True)
def paragraph_block(context, paragraph, anchor=False, show_source=False, highlighted=None):
    # One Blocks per template render, so a loop of these shares what recurs between its paragraphs.
    blocks = context.render_context.get(Blocks)
    if blocks is None:
        blocks = context.render_context[Blocks] = Blocks()
    return blocks.render(paragraph, anchor=anchor, show_source=show_source, highlighted=highlighted)


@register.simple_tag
def paragraph_blocks(paragraphs, anchor=False, show_source=False, with_highlights=False):
    """Every paragraph's block; with_highlights shows each one's `highlighted` attribute (set by the view)."""
    return render_paragraphs(
        paragraphs, anchor=anchor, show_source=show_source, with_highlights=with_highlights
    )
