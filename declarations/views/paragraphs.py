"""The paragraph browser (/paragraphs/), a paragraph's own page, and the stable /p/<key>/ link."""

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ..filters import ParagraphFilter
from ..models import Document, Paragraph, ParagraphTheme, Summit, Theme
from ..search import highlights

PER_PAGE = 25


class CountedPaginator(Paginator):
    """A paginator told its count, when the facets have already counted the results."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


@dataclass
class Facet:
    label: str
    count: int
    url: str
    selected: bool


def _url_with(params, key, value, *, single=False):
    """The current query string with one filter added (or, when present, removed), back on page 1."""
    params = params.copy()
    params.pop("page", None)
    values = params.getlist(key)
    if value in values:
        values.remove(value)
    elif single:
        values = [value]
    else:
        values.append(value)
    params.setlist(key, values)
    return "?" + params.urlencode()


def facets(request, filtered, filterset):
    """Counts per summit, theme and kind of the current results, each a link that adds that filter."""
    unordered = filtered.order_by()
    by_summit = dict(unordered.values_list("summit_id").annotate(n=Count("id")).values_list("summit_id", "n"))
    by_kind = dict(unordered.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    by_theme = dict(
        ParagraphTheme.objects.filter(paragraph_id__in=unordered.values("id"))
        .values_list("theme_id")
        .annotate(n=Count("id"))
        .values_list("theme_id", "n")
    )
    chosen = filterset.form.cleaned_data
    chosen_themes = {t.pk for t in chosen.get("theme") or []}
    chosen_summits = {s.pk for s in chosen.get("summit") or []}
    params = request.GET
    summits = Summit.objects.filter(pk__in=by_summit).order_by("start_date") if by_summit else []
    themes = Theme.objects.filter(pk__in=by_theme).order_by("position", "name") if by_theme else []
    kinds = dict(Document.Kind.choices)
    return {
        "total": sum(by_summit.values()),
        "summit": [
            Facet(str(s), by_summit[s.pk], _url_with(params, "summit", s.slug), s.pk in chosen_summits)
            for s in summits
        ],
        "theme": sorted(
            (
                Facet(t.name, by_theme[t.pk], _url_with(params, "theme", t.slug), t.pk in chosen_themes)
                for t in themes
            ),
            key=lambda f: (-f.count, f.label),
        ),
        "kind": [
            Facet(kinds.get(k, k), n, _url_with(params, "kind", k, single=True), chosen.get("kind") == k)
            for k, n in sorted(by_kind.items(), key=lambda item: -item[1])
        ],
    }


def paragraph_list(request):
    filterset = ParagraphFilter(request.GET, queryset=Paragraph.objects.public())
    ctx = {"filter": filterset, "form": filterset.form, "page": None, "facets": None}
    if filterset.is_valid():
        filtered = filterset.qs
        ctx["facets"] = facets(request, filtered, filterset)
        listing = filterset.order(filtered).for_display()
        paginator = CountedPaginator(listing, PER_PAGE, ctx["facets"]["total"])
        page = paginator.get_page(request.GET.get("page"))
        parsed = filterset.parsed_query
        marked = highlights(Paragraph, parsed, [p.pk for p in page]) if parsed else {}
        for paragraph in page:
            paragraph.highlighted = marked.get(paragraph.pk)
        ctx.update(page=page, searching=bool(parsed), ordering=filterset.ordering, filtered=bool(request.GET))
    return render(request, "declarations/paragraph_list.html", ctx)


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
