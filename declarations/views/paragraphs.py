"""The paragraph browser (/paragraphs/), a paragraph's own page, and the stable /p/<key>/ link."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, redirect, render

from .. import citations, provenance
from ..filters import ParagraphFilter
from ..lineage import stored_lineage
from ..models import Document, Paragraph, Summit, Theme
from ..search import paragraph_rows

PER_PAGE = 25
PAGING = frozenset({"page", "after", "before"})  # where a page is, not what it lists: a new filter drops them


@dataclass
class Facet:
    label: str
    count: int
    url: str
    selected: bool


def facet_url(params, key, value, *, single=False):
    """The current query string with one filter added (or, when present, removed), back on page 1."""
    pairs = [(k, v) for k, values in params.lists() if k not in PAGING for v in values]
    pair = (key, value)
    if pair in pairs:
        pairs.remove(pair)
    elif single and any(k == key for k, _ in pairs):
        first = next(i for i, (k, _) in enumerate(pairs) if k == key)
        pairs = [p for i, p in enumerate(pairs) if p[0] != key or i == first]
        pairs[first] = pair
    else:  # after the key's last value, as QueryDict adds it
        last = max((i for i, (k, _) in enumerate(pairs) if k == key), default=len(pairs) - 1)
        pairs.insert(last + 1, pair)
    return "?" + urlencode(pairs)


def facets(request, counts, cleaned):
    """Counts per summit, theme and kind of the current results, each a link that adds (or removes) that filter."""
    chosen_themes = {t.pk for t in cleaned.get("theme") or []}
    chosen_summits = {s.pk for s in cleaned.get("summit") or []}
    summits = Summit.objects.filter(pk__in=counts.by_summit).order_by("start_date")
    themes = Theme.objects.filter(pk__in=counts.by_theme).only("pk", "slug", "name")
    kinds = dict(Document.Kind.choices)
    quoted_facet = []
    if counts.quoted:
        quoted_facet = [
            Facet(
                "Quoted in the news",
                counts.quoted,
                facet_url(request.GET, "quoted", "on", single=True),
                bool(cleaned.get("quoted")),
            )
        ]
    return {
        "quoted": quoted_facet,
        "summit": [
            Facet(
                str(s),
                counts.by_summit[s.pk],
                facet_url(request.GET, "summit", s.slug),
                s.pk in chosen_summits,
            )
            for s in summits
        ],
        "theme": sorted(
            (
                Facet(
                    t.name,
                    counts.by_theme[t.pk],
                    facet_url(request.GET, "theme", t.slug),
                    t.pk in chosen_themes,
                )
                for t in themes
            ),
            key=lambda f: (-f.count, f.label),
        ),
        "kind": [
            Facet(
                kinds.get(k, k), n, facet_url(request.GET, "kind", k, single=True), cleaned.get("kind") == k
            )
            for k, n in sorted(counts.by_kind.items(), key=lambda item: -item[1])
            if n
        ],
    }


def paragraph_list(request):
    filterset = ParagraphFilter(request.GET, queryset=Paragraph.objects.public())
    ctx = {"filter": filterset, "form": filterset.form, "page": None}
    if filterset.is_valid():
        results = filterset.results()
        paginator = results.paginator(PER_PAGE)
        page = paginator.get_page(
            request.GET.get("page"), request.GET.get("after"), request.GET.get("before")
        )
        ctx.update(
            page=page,
            counts=results.counts,
            facets=facets(request, results.counts, filterset.form.cleaned_data),
            searching=bool(filterset.parsed_query),
            ordering=results.ordering,
            filtered=bool(request.GET),
            ranked_among=results.ranked_among,
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
        Paragraph.objects.public().select_related("document__summit", "summit"),
        document__slug=slug,
        number=number,
    )
    around = Paragraph.objects.public().filter(
        document_id=paragraph.document_id, number__in=[number - 1, number, number + 1]
    )
    rows = {row.number: row for row in paragraph_rows(around.order_by("number"))}
    ctx = {
        "paragraph": paragraph,
        "row": rows[number],
        "document": paragraph.document,
        "previous": rows.get(number - 1),
        "next": rows.get(number + 1),
        "lineage": stored_lineage(paragraph),
        "in_document_url": paragraph.get_in_document_url(),
        "tags": paragraph.tags.select_related("theme"),
        "cite": citations.for_paragraph(request, paragraph),
        "provenance": provenance.describe(paragraph.document),
    }
    return render(request, "declarations/paragraph_detail.html", ctx)


def paragraph_by_key(request, key):
    """/p/<key>/ outlives renumbering: it redirects (temporarily) to wherever the paragraph is now."""
    paragraph = get_object_or_404(Paragraph.objects.public().select_related("document"), key=key)
    return redirect(paragraph.get_absolute_url())
