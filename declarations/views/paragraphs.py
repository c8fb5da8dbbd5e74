"""The paragraph browser (/paragraphs/), a paragraph's own page, and the stable /p/<key>/ link.

The browser's counting, facets and paging are bounded (declarations/browsing.py explains how and why).
"""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache, partial
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .. import browsing, search
from ..filters import ParagraphFilter
from ..models import Document, Paragraph, Summit
from ..paragraph_html import with_labels

PER_PAGE = 25
PAGING = frozenset({"page", "after", "before"})  # where a page is, not what it lists: a new filter drops them


@dataclass
class Facet:
    label: str
    count: int
    url: str
    selected: bool


class FacetLinks:
    """The current query string with one filter added (or, when present, removed), back on page 1 (no cursor).

    A facet list builds a hundred of these: they are written from the parameters as (key, value) pairs, read
    once, in QueryDict's order (a value added to a repeated key goes after that key's last value)."""

    def __init__(self, params):
        self.pairs = [(key, value) for key, values in params.lists() if key not in PAGING for value in values]
        # Each pair quoted once, as urlencode() would: a facet link is then a join, not a hundred quotings.
        self.quoted = {pair: urlencode([pair]) for pair in self.pairs}

    def url(self, key, value, *, single=False):
        pairs, pair = self.pairs, (key, value)
        if pair in pairs:
            pairs = [p for p in pairs if p != pair]
        elif single and any(k == key for k, _ in pairs):
            first = next(i for i, (k, _) in enumerate(pairs) if k == key)
            pairs = [p for i, p in enumerate(pairs) if p[0] != key or i == first]
            pairs[first] = pair
        else:
            last = max((i for i, (k, _) in enumerate(pairs) if k == key), default=len(pairs) - 1)
            pairs = [*pairs[: last + 1], pair, *pairs[last + 1 :]]
        quoted = self.quoted
        return "?" + "&".join(quoted[p] if p in quoted else urlencode([p]) for p in pairs)


def count_results(filtered, filterset, ordered_ids):
    """The results' count and facet counts: exact from the summary table when it can tell, from a search's
    ranked candidates when it ranks, else bounded."""
    chosen = filterset.form.cleaned_data
    if filterset.summary_counts_it:
        return browsing.from_summary(chosen.get("summit") or (), chosen.get("kind") or None)
    if isinstance(ordered_ids, search.RankedIds) and ordered_ids.candidates >= browsing.COUNT_CAP:
        return browsing.from_candidates(ordered_ids.rows())
    try:
        # Without a search, the first matches are the first the pages list: a walk of the (date, id) index.
        order = () if filterset.parsed_query else filterset.date_order
        return browsing.bounded(filtered, order=order)
    except EmptyResultSet:  # a search of stop words only: nothing can match
        return browsing.Counts(0, False)


def facets(request, counts, filterset):
    """Counts per summit, theme and kind of the current results, each a link that adds that filter."""
    by_summit, by_theme, by_kind = counts.by_summit, counts.by_theme, counts.by_kind
    chosen = filterset.form.cleaned_data
    chosen_themes = {t.pk for t in chosen.get("theme") or []}
    chosen_summits = {s.pk for s in chosen.get("summit") or []}
    links = FacetLinks(request.GET)
    # Labels from the filter form's own option rows (read once, also for its checkboxes), in summit date order.
    fields = filterset.form.fields
    summits = [row for row in fields["summit"].option_rows() if row[0] in by_summit]
    themes = [row for row in fields["theme"].option_rows() if row[0] in by_theme]
    kinds = dict(Document.Kind.choices)
    return {
        "total": browsing.COUNT_CAP if counts.capped else counts.total,  # shown as "10,000+"
        "capped": counts.capped,
        "summit": [  # labelled as Summit.__str__ writes them
            Facet(label, by_summit[pk], links.url("summit", slug), pk in chosen_summits)
            for pk, slug, label, _ in summits
        ],
        "theme": sorted(
            (
                Facet(label, by_theme[pk], links.url("theme", slug), pk in chosen_themes)
                for pk, slug, label, _ in themes
            ),
            key=lambda f: (-f.count, f.label),
        ),
        "kind": [
            Facet(kinds.get(k, k), n, links.url("kind", k, single=True), chosen.get("kind") == k)
            for k, n in sorted(by_kind.items(), key=lambda item: -item[1])
            if n
        ],
    }


@dataclass(slots=True)
class DocumentRef:
    slug: str
    title: str


@dataclass(slots=True)
class SummitRef:
    pk: int
    slug: str
    city: str
    start_date: object

    def __str__(self):
        return Summit.label(self.city, self.start_date)


@dataclass(slots=True)
class Result:
    """What a result's block shows (paragraph_html.Blocks.render with show_source) and what paging reads: plain
    rows, as 25 paragraphs with their documents and summits as model instances cost the page about 1 ms."""

    pk: int
    number: int
    html: str
    date: object
    kind: str
    document: DocumentRef
    summit: SummitRef
    highlighted: object = None
    theme_labels: list = field(default_factory=list)
    state_labels: list = field(default_factory=list)


def _displayable(ids, parsed=None):
    """The page's results with their labels, and with a search their highlighted text (.highlighted)."""
    in_rows = bool(parsed) and search.headlines_in_rows()
    results = [_result(row) for row in _result_rows(list(ids), parsed if in_rows else None)]
    # Tags and named states as tuples: as prefetched model instances they cost ~5 ms a page (issue 7).
    results = with_labels(results)
    if parsed and not in_rows:
        marked = search.highlights(Paragraph, parsed, [r.pk for r in results])
        for result in results:
            result.highlighted = marked.get(result.pk)
    return results


def _result_rows(ids, parsed=None):
    """Each paragraph's row of _results_sql's columns, with parsed its headline last (PostgreSQL)."""
    if not ids:
        return []
    params = [*search.headline_params(parsed), *ids] if parsed else ids
    with connections[Paragraph.objects.all().db].cursor() as cursor:
        cursor.execute(_results_sql(len(ids), parsed is not None), params)
        return cursor.fetchall()


@lru_cache(maxsize=64)
def _results_sql(count, with_headline):
    """The results' query for `count` ids, written once: as a queryset of three tables' columns with a headline
    annotation, building and compiling it cost about 2 ms of every page (issue 7). tests/test_paragraph_browser
    compares its rows with the ORM's."""
    paragraphs, documents = Paragraph._meta.db_table, Document._meta.db_table
    summits = Summit._meta.db_table
    headline = f", {search.headline_sql('p.text')}" if with_headline else ""
    return (
        "SELECT p.id, p.number, p.html, p.date, p.kind, d.slug, d.title, "  # noqa: S608 (tables from _meta, ids as parameters)
        f"p.summit_id, s.slug, s.city, s.start_date{headline} "
        f"FROM {paragraphs} p JOIN {documents} d ON d.id = p.document_id JOIN {summits} s ON s.id = p.summit_id "
        f"WHERE p.id IN ({', '.join(['%s'] * count)})"
    )


def _result(row):
    """A Result from a row of _results_sql, and the highlighted text when the row carries it."""
    pk, number, html, date, kind, slug, title, summit_id, summit_slug, city, start, *headline = row
    if isinstance(date, str):  # SQLite gives dates as ISO text
        date, start = datetime.date.fromisoformat(date), datetime.date.fromisoformat(start)
    result = Result(
        pk, number, html, date, kind, DocumentRef(slug, title), SummitRef(summit_id, summit_slug, city, start)
    )
    if headline:
        result.highlighted = search.marked(headline[0])
    return result


def paragraph_list(request):
    filterset = ParagraphFilter(request.GET, queryset=Paragraph.objects.public())
    ctx = {"filter": filterset, "form": filterset.form, "page": None, "facets": None}
    if filterset.is_valid():
        filtered = filterset.qs
        ordered_ids = filterset.ordered_ids(filtered)
        counts = count_results(filtered, filterset, ordered_ids)
        ctx["facets"] = facets(request, counts, filterset)
        ranking, parsed = filterset.ordering == "relevance", filterset.parsed_query
        reachable = browsing.MAX_REACHABLE
        if ranking:
            reachable = min(reachable, search.RANK_CANDIDATES)
        paginator = browsing.IdFirstPaginator(
            ordered_ids,
            PER_PAGE,
            counts.total,
            partial(_displayable, parsed=parsed),
            reachable,
            counts.capped,
            order=() if ranking else filterset.date_order,
        )
        page = paginator.get_page(
            request.GET.get("page"), request.GET.get("after"), request.GET.get("before")
        )
        ctx.update(
            page=page,
            searching=bool(parsed),
            ordering=filterset.ordering,
            filtered=bool(request.GET),
            count_cap=browsing.COUNT_CAP if counts.capped else None,
            ranked_among=search.RANK_CANDIDATES
            if ranking and (counts.capped or counts.total > search.RANK_CANDIDATES)
            else None,
            asked_beyond_reach=_asked_beyond(request.GET.get("page"), paginator),
        )
    return render(request, "declarations/paragraph_list.html", ctx)


def _asked_beyond(requested, paginator):
    """Whether the reader asked for a page past the last one that can be reached, though results go on."""
    try:
        number = int(requested)
    except (TypeError, ValueError):
        return False
    return paginator.beyond_reach and number > paginator.num_pages


def paragraph_detail(request, slug, number):
    paragraph = get_object_or_404(
        Paragraph.objects.public().for_display(), document__slug=slug, number=number
    )
    neighbours = list(
        Paragraph.objects.public()
        .for_display()
        .filter(document_id=paragraph.document_id, number__in=[number - 1, number + 1])
        .order_by("number")
    )
    url = request.build_absolute_uri(paragraph.get_absolute_url())
    document = paragraph.document
    ctx = {
        "paragraph": paragraph,
        "document": document,
        "previous": next((p for p in neighbours if p.number == number - 1), None),
        "next": next((p for p in neighbours if p.number == number + 1), None),
        "url": url,
        "stable_url": request.build_absolute_uri(
            reverse("declarations:paragraph_by_key", args=[paragraph.key])
        ),
        "citation": f"{document.title}, {document.date.day} {document.date:%B %Y}, para. {paragraph.number}, {url}",
    }
    return render(request, "declarations/paragraph_detail.html", ctx)


def paragraph_by_key(request, key):
    """/p/<key>/ outlives renumbering: it redirects (temporarily) to wherever the paragraph is now."""
    paragraph = get_object_or_404(Paragraph.objects.public().select_related("document"), key=key)
    return redirect(paragraph.get_absolute_url())
