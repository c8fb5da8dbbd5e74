"""A paragraph block, wherever a paragraph is shown, built in Python with format_html.

The template partial this replaces cost 0.7-0.8 ms a paragraph (issue 7: a 160-paragraph document spent most of
its own time there): two reverse() calls per paragraph, a {% url %} per theme tag, one per named state, and an
include's context per block. Here every link is a URL pattern reversed once per script prefix and URLconf, and
a page's blocks are joined in one tag call.

    {% load paragraphs %}
    {% paragraph_blocks page show_source=True with_highlights=True %}   {# a list; highlights from .highlighted #}
    {% paragraph_block paragraph anchor=True %}                          {# one paragraph #}

What a block shows: the number linking to the paragraph's page (id="p<n>" on document pages when `anchor`);
its document, summit and date when `show_source`; its sanitized HTML, or `highlighted` (safe search marks) in
its place; its theme tags (why each was given, in the title) and the states it names; a permalink. Every text
is escaped; Paragraph.html is inserted as is because it is stored sanitized (rendering.py, on save).
"""

from functools import lru_cache
from urllib.parse import quote

from django import template
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe

register = template.Library()

# Stand-ins reversed in place of a slug and a number, then replaced by each paragraph's own.
SLUG_MARK, NUMBER_MARK = "slug0mark0", 918273645
# What reverse() leaves unquoted in a path argument, so that a link reads exactly as reverse() would write it.
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def _url_pattern(name, *marks):
    """reverse(name) with the marks as arguments, as a str.format pattern with {} where each mark was."""
    url = reverse(name, args=marks)
    pieces = []
    for mark in marks:
        head, found, url = url.partition(str(mark))
        if not found:
            raise ImproperlyConfigured(f"{name}: its URL does not contain its argument {mark!r}")
        pieces.append(head)
    pieces.append(url)
    return "{}".join(piece.replace("{", "{{").replace("}", "}}") for piece in pieces)


class Links:
    """The URLs a block links to, as patterns reversed once."""

    def __init__(self):
        self.paragraph = _url_pattern("declarations:paragraph_detail", SLUG_MARK, NUMBER_MARK)
        self.document = _url_pattern("declarations:document_detail", SLUG_MARK)
        self.summit = _url_pattern("declarations:summit_detail", SLUG_MARK)
        self.state = _url_pattern("declarations:state_detail", SLUG_MARK)
        self.paragraph_list = reverse("declarations:paragraph_list")


@lru_cache(maxsize=16)
def _links_for(script_prefix, urlconf):
    return Links()


def current_links():
    """Links for this thread's script prefix and URLconf (both can differ between requests and in tests)."""
    return _links_for(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))


def _slug(value):
    return quote(value, safe=PATH_SAFE)


def _source(paragraph, links, title):
    summit = paragraph.summit
    return format_html(
        '    <span class="para-source"><a href="{}#p{}">{}</a>\n'
        '      · <a href="{}">{}</a>\n'
        '      · <time datetime="{}">{}</time></span>\n',
        links.document.format(_slug(paragraph.document.slug)),
        paragraph.number,
        title,
        links.summit.format(_slug(summit.slug)),
        summit,
        format_date(paragraph.date, "Y-m-d"),
        format_date(paragraph.date, "j F Y"),
    )


def _tag_title(tag):
    if tag.origin == "rule":
        return format_html("Tagged by the rule: {}", tag.rule)
    return "Tagged by staff"


def _themes_row(tags, links):
    if not tags:
        return ""
    items = format_html_join(
        "",
        '<li><a href="{}?theme={}" title="{}">{}</a></li>',
        ((links.paragraph_list, quote(tag.theme.slug), _tag_title(tag), tag.theme.name) for tag in tags),
    )
    return format_html(
        '    <div class="tag-row"><span class="tag-label">Themes:</span>\n'
        '      <ul class="tags">{}</ul>\n'
        "    </div>\n",
        items,
    )


def _states_row(states, links):
    if not states:
        return ""
    items = format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        ((links.state.format(_slug(state.slug)), state.short_name) for state in states),
    )
    return format_html(
        '    <div class="tag-row"><span class="tag-label">States named:</span>\n'
        '      <ul class="tags states">{}</ul>\n'
        "    </div>\n",
        items,
    )


def render_paragraph(paragraph, *, anchor=False, show_source=False, highlighted=None, links=None):
    """One paragraph's <article>. Reads paragraph.document (its slug; its title with show_source), .summit
    with show_source, and .tags (with their themes) and .states: load them with Paragraph.objects.for_display()."""
    links = links or current_links()
    number = paragraph.number
    url = links.paragraph.format(_slug(paragraph.document.slug), number)
    title = paragraph.document.title if show_source else None
    if highlighted:
        text = format_html("<p>{}</p>", highlighted)
    else:
        # The stored field only: Paragraph.save sanitizes it (rendering.render_markdown).
        text = mark_safe(paragraph.html)  # noqa: S308
    return format_html(
        '<article class="para"{}>\n'
        '  <header class="para-meta">\n'
        '    <a class="para-num" href="{}" aria-label="Paragraph {}: permalink">¶&nbsp;{}</a>\n'
        "{}"
        "  </header>\n"
        '  <div class="para-text">{}</div>\n'
        '  <footer class="para-foot">\n'
        "{}{}"
        '    <a class="permalink" href="{}">Permalink<span class="visually-hidden"> to paragraph {}{}</span></a>\n'
        "  </footer>\n"
        "</article>\n",
        format_html(' id="p{}"', number) if anchor else "",
        url,
        number,
        number,
        _source(paragraph, links, title) if show_source else "",
        text,
        _themes_row(paragraph.tags.all(), links),
        _states_row(paragraph.states.all(), links),
        url,
        number,
        format_html(" of {}", title) if show_source else "",
    )


@register.simple_tag
def paragraph_block(paragraph, anchor=False, show_source=False, highlighted=None):
    return render_paragraph(paragraph, anchor=anchor, show_source=show_source, highlighted=highlighted)


@register.simple_tag
def paragraph_blocks(paragraphs, anchor=False, show_source=False, with_highlights=False):
    """Every paragraph's block; with_highlights shows each one's `highlighted` attribute (set by the view)."""
    links = current_links()
    return format_html_join(
        "",
        "{}",
        (
            (
                render_paragraph(
                    paragraph,
                    anchor=anchor,
                    show_source=show_source,
                    highlighted=getattr(paragraph, "highlighted", None) if with_highlights else None,
                    links=links,
                ),
            )
            for paragraph in paragraphs
        ),
    )
