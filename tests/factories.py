"""Small factory functions for tests: a document or paragraph in one call, with sensible defaults.

The seeds (25 summits, states, themes, three texts) are already in the test database; factories attach new rows
to them by slug.
"""

import datetime
import itertools

from declarations.models import Document, Paragraph, ParagraphTheme, State, Summit, Theme

_serial = itertools.count(1)


def summit(slug="2013-bishkek"):
    return Summit.objects.get(slug=slug)


def theme(slug):
    return Theme.objects.get(slug=slug)


def state(slug):
    return State.objects.get(slug=slug)


def make_document(summit_slug="2013-bishkek", **fields):
    n = next(_serial)
    the_summit = summit(summit_slug)
    fields.setdefault("slug", f"test-document-{n}")
    fields.setdefault("title", f"Test document {n}")
    fields.setdefault("kind", Document.Kind.STATEMENT)
    fields.setdefault("date", the_summit.start_date)
    return Document.objects.create(summit=the_summit, **fields)


def make_paragraph(
    document,
    text="The member states note the test paragraph.",
    *,
    number=None,
    themes=(),
    states=(),
    **fields,
):
    """A paragraph with staff tags for the given theme slugs and the given state slugs named."""
    if number is None:
        last = document.paragraphs.order_by("-number").values_list("number", flat=True).first()
        number = (last or 0) + 1
    paragraph = Paragraph(document=document, number=number, text=text, **fields)
    paragraph.save()
    for slug in themes:
        ParagraphTheme.objects.create(
            paragraph=paragraph, theme=theme(slug), origin=ParagraphTheme.Origin.STAFF
        )
    if states:
        paragraph.states.set([state(slug) for slug in states])
    return paragraph


def make_paragraphs(document, count, **kwargs):
    return [make_paragraph(document, **kwargs) for _ in range(count)]


def year_start(year):
    return datetime.date(year, 1, 1)


def searched(queryset, q, theme_ids=()):
    """The paragraphs of queryset matching a reader's query (and every one of theme_ids), as the browser finds them."""
    from declarations import search

    parsed = search.parse(q) if isinstance(q, str) else q
    return search.matching(queryset, parsed.within_themes(theme_ids) if theme_ids else parsed)
