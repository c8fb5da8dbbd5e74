"""Markdown from sources and staff, rendered once to sanitized HTML.

Source texts and staff edits are untrusted: Markdown passes raw HTML through, so every rendering goes through
nh3 (Ammonia) with a small allow-list. Scripts, event-handler attributes and javascript: URLs cannot survive.
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "em",
    "strong",
    "a",
    "code",
    "br",
    "ul",
    "ol",
    "li",
    "blockquote",
    "sup",
    "sub",
    "q",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    html = markdown.markdown(text or "", output_format="html")
    return sanitize(html)


def sanitize(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
