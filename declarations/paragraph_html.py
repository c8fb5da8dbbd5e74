"""A paragraph block, wherever a paragraph is shown, built in Python: f-strings with every value escaped.

The template partial this replaces cost 0.7-0.8 ms a paragraph (issue 7: a 160-paragraph document spent most of
its own time there): two reverse() calls per paragraph, a {% url %} per theme tag, one per named state, and an
include's context per block. Here every link is a URL pattern reversed once per script prefix and URLconf, a
page's blocks share one Blocks (which builds each theme's and state's link once per page), and with_labels()
loads a page's theme tags and named states as tuples: prefetching them as model instances cost more than the
rest of a long document's page (a manager, a queryset and two model instances per tag). format_html, used
here at first, still cost 50 µs a block (Django's escape() checks each argument for lazy strings): the blocks
are f-strings with html.escape on every value, about three times faster, and the tests compare the output
with the old template partial's, byte for byte.

What a block shows: the number linking to the paragraph's page (id="p<n>" on document pages when `anchor`);
its document, summit and date when `show_source`; its sanitized HTML, or `highlighted` (safe search marks) in
its place; its theme tags (why each was given, in the title) and the states it names; a permalink. Every text
is escaped; Paragraph.html is inserted as is because it is stored sanitized (rendering.py, on save).
Templates use the tags in templatetags/paragraphs.py.
"""

from collections import namedtuple
from functools import lru_cache
from html import escape
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe

from .models import Paragraph, ParagraphTheme, State, Theme

ThemeLabel = namedtuple("ThemeLabel", "slug name origin rule")
StateLabel = namedtuple("StateLabel", "slug short_name")

# Stand-ins reversed in place of a slug and a number, then replaced by each paragraph's own.
SLUG_MARK, NUMBER_MARK = "slug0mark0", 918273645
# What reverse() leaves unquoted in a path argument, so that a link reads exactly as reverse() would write it.
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def with_labels(paragraphs):
    """The paragraphs as a list, each with .theme_labels (ThemeLabel, in taxonomy order) and .state_labels
    (StateLabel, by name): one query of tuples for the lot, the tags and the named states as one UNION ALL."""
    paragraphs = list(paragraphs)
    by_id = {paragraph.pk: paragraph for paragraph in paragraphs}
    for paragraph in paragraphs:
        paragraph.theme_labels, paragraph.state_labels = [], []
    if not by_id:
        return paragraphs
    ids = list(by_id)
    marks = ", ".join(["%s"] * len(ids))
    with connections[ParagraphTheme.objects.all().db].cursor() as cursor:
        cursor.execute(_labels_sql().format(ids=marks), ids + ids)
        rows = cursor.fetchall()
    for paragraph_id, is_state, slug, name, origin, rule, _ in rows:
        if is_state:
            by_id[paragraph_id].state_labels.append(StateLabel(slug, name))
        else:
            by_id[paragraph_id].theme_labels.append(ThemeLabel(slug, name, origin, rule))
    return paragraphs


@lru_cache(maxsize=1)
def _labels_sql():
    """The labels' query, written once: as two annotated querysets and their union, compiling it cost more than
    running it (issue 7). Both halves have the same columns, sorted together by the database (its collation, as
    the pages' other lists): the themes in taxonomy order, then the states by name."""
    tags, themes = ParagraphTheme._meta.db_table, Theme._meta.db_table
    mentions, states = Paragraph.states.through._meta.db_table, State._meta.db_table
    return (
        f"SELECT tag.paragraph_id, 0, theme.slug, theme.name, tag.origin, tag.rule, theme.position "  # noqa: S608 (tables from _meta, ids as parameters)
        f"FROM {tags} tag JOIN {themes} theme ON theme.id = tag.theme_id WHERE tag.paragraph_id IN ({{ids}}) "
        f"UNION ALL "
        f"SELECT mention.paragraph_id, 1, state.slug, state.short_name, '', '', 0 "
        f"FROM {mentions} mention JOIN {states} state ON state.id = mention.state_id "
        f"WHERE mention.paragraph_id IN ({{ids}}) "
        f"ORDER BY 2, 7, 4"
    )


def theme_labels(paragraph):
    """What with_labels() attached, or else the prefetched tags (Paragraph.objects.for_display())."""
    labels = getattr(paragraph, "theme_labels", None)
    if labels is None:
        labels = [ThemeLabel(t.theme.slug, t.theme.name, t.origin, t.rule) for t in paragraph.tags.all()]
    return labels


def state_labels(paragraph):
    labels = getattr(paragraph, "state_labels", None)
    if labels is None:
        labels = [StateLabel(s.slug, s.short_name) for s in paragraph.states.all()]
    return labels


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


def url_base():
    """(script prefix, URLconf) of this thread, which every URL reversed once is kept under: both can differ
    between requests and in tests (the links here, {% link %}, the cached page fragments' keys)."""
    return get_script_prefix(), get_urlconf(settings.ROOT_URLCONF)


def current_links():
    """Links for this thread's script prefix and URLconf."""
    return _links_for(*url_base())


@lru_cache(maxsize=4096)
def _slug(value):
    # A document's page quotes its slug once per paragraph, twice with show_source: a few hundred times a page.
    return quote(value, safe=PATH_SAFE)


class Blocks:
    """Renders the paragraph blocks of one page; what recurs across them (a theme's link, a state's, a
    summit's, a date) is built once."""

    def __init__(self):
        self.links = current_links()
        self._themes, self._states, self._summits = {}, {}, {}
        self._theme_rows, self._state_rows = {}, {}

    def render(self, paragraph, *, anchor=False, show_source=False, highlighted=None):
        """One paragraph's <article>. Reads paragraph.document's slug (and title with show_source), its summit
        with show_source, and its labels (with_labels(), or else Paragraph.objects.for_display()'s prefetch)."""
        number = paragraph.number
        url = escape(self.links.paragraph.format(_slug(paragraph.document.slug), number))
        if highlighted:
            text = f"<p>{conditional_escape(highlighted)}</p>"
        else:
            # The stored field only: Paragraph.save sanitizes it (rendering.render_markdown).
            text = paragraph.html
        source = of_title = ""
        if show_source:
            title = escape(paragraph.document.title)
            source = self._source(paragraph, title)
            of_title = f" of {title}"
        anchor_id = f' id="p{number}"' if anchor else ""
        return mark_safe(  # noqa: S308 (every value is escaped above; paragraph.html is stored sanitized)
            f'<article class="para"{anchor_id}>\n'
            '  <header class="para-meta">\n'
            f'    <a class="para-num" href="{url}" aria-label="Paragraph {number}: permalink">¶&nbsp;{number}</a>\n'
            f"{source}"
            "  </header>\n"
            f'  <div class="para-text">{text}</div>\n'
            '  <footer class="para-foot">\n'
            f"{self._themes_row(theme_labels(paragraph))}{self._states_row(state_labels(paragraph))}"
            f'    <a class="permalink" href="{url}">Permalink<span class="visually-hidden"> to paragraph {number}{of_title}</span></a>\n'
            "  </footer>\n"
            "</article>\n"
        )

    def _source(self, paragraph, title):
        document_url = escape(self.links.document.format(_slug(paragraph.document.slug)))
        return (
            f'    <span class="para-source"><a href="{document_url}#p{paragraph.number}">{title}</a>\n'
            f"      · {self._summit_and_date(paragraph.summit, paragraph.date)}</span>\n"
        )

    def _summit_and_date(self, summit, date):
        key = (summit.pk, date)
        if key not in self._summits:
            self._summits[key] = (
                f'<a href="{escape(self.links.summit.format(_slug(summit.slug)))}">{escape(str(summit))}</a>\n'
                f'      · <time datetime="{date.isoformat()}">{escape(long_date(date))}</time>'
            )
        return self._summits[key]

    def _theme_item(self, label):
        if label not in self._themes:
            if label.origin == ParagraphTheme.Origin.RULE:
                why = f"Tagged by the rule: {escape(label.rule)}"
            else:
                why = "Tagged by staff"
            self._themes[label] = (
                f'<li><a href="{escape(self.links.paragraph_list)}?theme={escape(quote(label.slug))}" '
                f'title="{why}">{escape(label.name)}</a></li>'
            )
        return self._themes[label]

    def _state_item(self, label):
        if label not in self._states:
            url = escape(self.links.state.format(_slug(label.slug)))
            self._states[label] = f'<li><a href="{url}">{escape(label.short_name)}</a></li>'
        return self._states[label]

    def _themes_row(self, labels):
        return self._tag_row(self._theme_rows, labels, "Themes:", "tags", self._theme_item)

    def _states_row(self, labels):
        return self._tag_row(self._state_rows, labels, "States named:", "tags states", self._state_item)

    @staticmethod
    def _tag_row(rows, labels, heading, list_class, item):
        """A row of linked labels, built once per combination: a page's paragraphs share a few of them."""
        if not labels:
            return ""
        key = tuple(labels)
        if key not in rows:
            rows[key] = (
                f'    <div class="tag-row"><span class="tag-label">{heading}</span>\n'
                f'      <ul class="{list_class}">{"".join(item(label) for label in labels)}</ul>\n'
                "    </div>\n"
            )
        return rows[key]


def long_date(date):
    """The date as the |date:"j F Y" filter writes it ("5 July 2024"), at a tenth of its cost: a page of results
    formats 25 dates, which through Django's DateFormat took about 1 ms."""
    return f"{date.day} {MONTHS[date.month]} {date.year:04d}"


def render_paragraph(paragraph, *, anchor=False, show_source=False, highlighted=None):
    return Blocks().render(paragraph, anchor=anchor, show_source=show_source, highlighted=highlighted)


def render_paragraphs(paragraphs, *, anchor=False, show_source=False, with_highlights=False):
    """Every paragraph's block; with_highlights shows each one's `highlighted` attribute (set by the view)."""
    blocks = Blocks()
    return mark_safe(  # noqa: S308 (each block is safe: Blocks.render)
        "".join(
            blocks.render(
                paragraph,
                anchor=anchor,
                show_source=show_source,
                highlighted=getattr(paragraph, "highlighted", None) if with_highlights else None,
            )
            for paragraph in paragraphs
        )
    )
