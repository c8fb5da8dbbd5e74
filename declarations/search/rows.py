"""The one shape in which a paragraph reaches a page: ParagraphRow, built here, shown by
templates/declarations/_paragraph.html wherever a paragraph is listed (document, paragraph browser, paragraph
page, theme, state, lineage).

A page's rows cost four queries whatever their number: the paragraphs with their document's and summit's
columns, their theme tags, the states they name, and with a search their highlighted text.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from ..models import Document, Paragraph, ParagraphTheme, Summit
from . import backend


@dataclass(frozen=True, slots=True)
class ThemeLabel:
    slug: str
    name: str
    origin: str
    rule: str
    url: str  # the paragraph browser filtered by the theme

    @property
    def why(self):
        return (
            f"Tagged by the rule: {self.rule}"
            if self.origin == ParagraphTheme.Origin.RULE
            else "Tagged by staff"
        )


@dataclass(frozen=True, slots=True)
class StateLabel:
    slug: str
    short_name: str
    url: str


@dataclass(frozen=True, slots=True)
class DocumentRef:
    slug: str
    title: str
    kind: str
    publisher: str
    url: str

    @property
    def kind_label(self):
        """What the document is, in words: "Declaration", "News: The Moscow Times"."""
        label = Document.Kind(self.kind).label if self.kind in Document.Kind.values else self.kind
        if self.kind == Document.Kind.NEWS:
            return f"News: {self.publisher}" if self.publisher else "News"
        return label


@dataclass(frozen=True, slots=True)
class SummitRef:
    pk: int
    slug: str
    city: str
    start_date: object
    url: str

    def __str__(self):
        return Summit.label(self.city, self.start_date)


@dataclass(slots=True)
class ParagraphRow:
    pk: int
    key: str
    number: int
    html: str
    heading: str
    section: int
    date: object
    kind: str
    document: DocumentRef
    summit: SummitRef
    url: str
    themes: list = field(default_factory=list)
    states: list = field(default_factory=list)
    highlighted: object = None  # safe HTML of the text with the search's matches in <mark>
    text: str = ""  # the Markdown source, read only for a download (paragraph_rows(..., text=True))

    def get_absolute_url(self):
        return self.url

    @property
    def in_document_url(self):
        """The paragraph in its document's page, on the page of it that shows the paragraph."""
        page = max(1, (self.number - 1) // Document.PARAGRAPHS_PER_PAGE + 1)
        return f"{self.document.url}{f'?page={page}' if page > 1 else ''}#p{self.number}"

    @property
    def theme_labels(self):
        return self.themes

    @property
    def state_labels(self):
        return self.states


COLUMNS = (
    "id",
    "key",
    "number",
    "html",
    "heading",
    "section",
    "date",
    "kind",
    "document__slug",
    "document__title",
    "document__kind",
    "document__publisher",
    "summit_id",
    "summit__slug",
    "summit__city",
    "summit__start_date",
)


class Urls:
    """The URLs rows link to, each pattern reversed once per build and filled in with each row's slugs and numbers
    (reverse() per row was a quarter of a CSV export's time: 5.6 of 20 s for 21,000 rows; once per distinct
    document, summit and state, 0.6 s of a 38,000-row export)."""

    SLUG, NUMBER = "slug0mark0", 918273645  # stand-ins, replaced by each row's own (slugs need no quoting)

    def __init__(self):
        self.browser = reverse("declarations:paragraph_list")
        self._patterns = {}
        self._themes = {}
        self._paragraph = reverse("declarations:paragraph_detail", args=[self.SLUG, self.NUMBER])

    def of(self, name, slug):
        """The URL of a pattern that takes one slug."""
        pattern = self._patterns.get(name)
        if pattern is None:
            pattern = self._patterns[name] = reverse(name, args=[self.SLUG])
        return pattern.replace(self.SLUG, slug, 1)

    def paragraph(self, slug, number):
        return self._paragraph.replace(self.SLUG, slug, 1).replace(str(self.NUMBER), str(number), 1)

    def theme(self, slug):
        if slug not in self._themes:
            self._themes[slug] = f"{self.browser}?{urlencode({'theme': slug})}"
        return self._themes[slug]


def columns(text=False):
    """The columns a row is built from (values_list order); with text, the Markdown source in place of the HTML."""
    return COLUMNS if not text else ("id", "key", "number", "text", *COLUMNS[4:])


DATE_COLUMN = COLUMNS.index("date")


def paragraph_rows(paragraphs, query=None, *, text=False):
    """ParagraphRows of `paragraphs`: a list of ids (rows come back in that order) or a queryset of paragraphs
    (in its order). With a parsed query, each row's text highlighted; with text, each row's Markdown source in
    place of its HTML (what a download writes)."""
    if isinstance(paragraphs, QuerySet):
        raw = list(paragraphs.values_list(*columns(text)))
    else:
        ids = list(paragraphs)
        if not ids:
            return []
        by_id = {row[0]: row for row in Paragraph.objects.filter(pk__in=ids).values_list(*columns(text))}
        raw = [by_id[pk] for pk in ids if pk in by_id]
    return rows_of(raw, query, text=text)


def rows_of(raw, query=None, *, text=False):
    """ParagraphRows from values_list tuples of columns(text), with their themes, states and highlights."""
    if not raw:
        return []
    urls = Urls()
    rows = [_row(values, urls, text) for values in raw]
    ids = [row.pk for row in rows]
    by_id = {row.pk: row for row in rows}
    tags = (
        ParagraphTheme.objects.filter(paragraph_id__in=ids)
        .order_by("theme__position", "theme__name")
        .values_list("paragraph_id", "theme__slug", "theme__name", "origin", "rule")
    )
    for paragraph_id, slug, name, origin, rule in tags:
        by_id[paragraph_id].themes.append(ThemeLabel(slug, name, origin, rule, urls.theme(slug)))
    mentions = (
        Paragraph.states.through.objects.filter(paragraph_id__in=ids)
        .order_by("state__short_name")
        .values_list("paragraph_id", "state__slug", "state__short_name")
    )
    for paragraph_id, slug, short_name in mentions:
        url = urls.of("declarations:state_detail", slug)
        by_id[paragraph_id].states.append(StateLabel(slug, short_name, url))
    if query:
        for pk, text in backend.highlights(Paragraph, query, ids).items():
            by_id[pk].highlighted = text
    return rows


def _row(values, urls, text=False):
    """values: a tuple of columns(text); with text, its fourth value is the Markdown source, not the HTML."""
    (pk, key, number, body, heading, section, date, kind, slug, title, document_kind, publisher) = values[:12]
    summit_id, summit_slug, city, start = values[12:]
    document = DocumentRef(
        slug, title, document_kind, publisher, urls.of("declarations:document_detail", slug)
    )
    summit = SummitRef(
        summit_id, summit_slug, city, start, urls.of("declarations:summit_detail", summit_slug)
    )
    url = urls.paragraph(slug, number)
    html, source = ("", body) if text else (body, "")
    return ParagraphRow(
        pk, key, number, html, heading, section, date, kind, document, summit, url, text=source
    )
