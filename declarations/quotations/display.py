"""What the quotation partials show, each fetched in one or two queries (templatetags/quotations.py)."""

from dataclasses import dataclass

from ..models import Document, Paragraph, QuotationLink

QUOTED_IN_LIMIT = 20  # articles listed under a declaration paragraph; the rest are counted
CONTEXT = 160  # characters of text shown either side of the marked words


@dataclass(frozen=True)
class Excerpt:
    """Text around marked words, as three plain strings: the template escapes them and writes the <mark>."""

    before: str
    marked: str
    after: str


def excerpt(text, start, end, context=CONTEXT):
    """The marked words text[start:end] with up to `context` characters either side, cut at a space."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    start, end = min(start, end), max(start, end)
    before, after = text[:start], text[end:]
    if len(before) > context:
        cut = before[-context:]
        before = "…" + (cut.split(" ", 1)[1] if " " in cut else cut)
    if len(after) > context:
        cut = after[:context]
        after = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
    return Excerpt(before, text[start:end], after)


@dataclass(frozen=True)
class ShownLink:
    link: QuotationLink
    news: Paragraph
    source: Paragraph
    news_excerpt: Excerpt
    source_excerpt: Excerpt


def shown(link):
    return ShownLink(
        link,
        link.news,
        link.source,
        excerpt(link.news.text, link.news_start, link.news_end),
        excerpt(link.source.text, link.source_start, link.source_end),
    )


@dataclass(frozen=True)
class QuotedIn:
    links: list
    more: int  # links beyond the listed ones (counted up to MORE_CAP)
    more_capped: bool = False  # there are more than MORE_CAP


MORE_CAP = 200  # a reader needs to know there are many; each one counted is a probe of its news paragraph


def quoted_in(paragraph, limit=QUOTED_IN_LIMIT):
    """The news paragraphs quoting a declaration paragraph, oldest first: two queries, the first `limit` links read
    from the (source, news date) index and the rest counted up to MORE_CAP, like the archive's other counts (a
    paragraph quoted 4,294 times in the million-paragraph corpus: 20 ms to count them all, figures: README)."""
    if paragraph.kind != Document.Kind.DECLARATION:
        return QuotedIn([], 0)
    links = QuotationLink.objects.shown().filter(source=paragraph)
    first = list(links.for_display().order_by("news_date", "news_id")[:limit])
    if len(first) < limit:
        return QuotedIn([shown(link) for link in first], 0)
    more = links.order_by()[limit : limit + MORE_CAP + 1].count()
    return QuotedIn([shown(link) for link in first], min(more, MORE_CAP), more > MORE_CAP)


def quotes_from(paragraph):
    """The declaration paragraphs a news paragraph quotes, in the order of its passages: one query."""
    if paragraph.kind != Document.Kind.NEWS:
        return []
    links = QuotationLink.objects.shown().for_display().filter(news=paragraph).order_by("news_start", "pk")
    return [shown(link) for link in links]


def quoted_count(document):
    """How many of a document's paragraphs the news quote (a declaration) or quote a declaration (news)."""
    if document.kind == Document.Kind.DECLARATION:
        return Paragraph.objects.filter(document=document).quoted_in_news().count()
    if document.kind == Document.Kind.NEWS:
        links = QuotationLink.objects.shown().filter(news__document=document)
        return links.order_by().values("news_id").distinct().count()
    return 0
