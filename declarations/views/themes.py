"""The themes pages: the taxonomy with a themes-by-summits heatmap, and one theme's timeline and paragraphs.

Every count comes from the summary table (search/counts.py: public paragraphs per summit, kind and theme, a top theme
counting each of its sub-themes' paragraphs once), a few hundred rows whatever the archive's size: grouping a
million paragraphs' tags per request took the heatmap over a second at 100,000 paragraphs.
"""

from urllib.parse import urlencode

from django import forms
from django.db.models import Sum
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..charts import HEAT_LEVELS, TimelinePoint, heat_level, percent, timeline_description, timeline_svg
from ..filters import ParagraphFilter
from ..models import OFFICIAL_KINDS, Paragraph, ParagraphCount, Summit, Theme
from ..search import counts as summary_counts
from .methodology import reliability


def paragraph_browser_url(**params):
    """/paragraphs/?theme=..&summit=..: the paragraph browser's public address (part of the URL contract)."""
    return f"{reverse('declarations:paragraph_list')}?{urlencode(params)}"


def heatmap_cell(theme, summit, count, total, url=None):
    share = count / total if total else 0.0
    return {
        "count": count,
        "share": share,
        "percent": percent(share),
        "level": heat_level(share),
        "no_texts": not total,
        "url": url or paragraph_browser_url(theme=theme.slug, summit=summit.slug),
        "title": f"{theme.name} at {summit}: {count} of {total} paragraphs"
        if total
        else f"{summit}: no texts yet",
    }


def heatmap_row_html(theme, cells, *, top):
    """One heatmap <tr>, built with format_html: 625 cells through a template include cost the page more than
    everything else together (the cell markup is what tests/test_themes_pages.py reads)."""
    return format_html(
        '<tr class="{}"><th scope="row"><a href="{}">{}</a></th>{}</tr>',
        "heat-top" if top else "heat-sub",
        theme.get_absolute_url(),
        theme.name,
        format_html_join(
            "",
            '<td class="heat heat-{}{}"><a href="{}" title="{}">{}</a></td>',
            (
                (
                    cell["level"],
                    " heat-nodata" if cell["no_texts"] else "",
                    cell["url"],
                    cell["title"],
                    cell["percent"] if cell["count"] else ZERO_FOR_SCREEN_READERS,
                )
                for cell in cells
            ),
        ),
    )


ZERO_FOR_SCREEN_READERS = format_html('<span class="chart-sr-only">{}</span>', "0%")


class CountedKindsForm(forms.Form):
    """Which texts a statistic counts: the summits' own (declarations, statements, communiqués) unless the
    reader switches news in, since a summit held only through news would otherwise read as a trend."""

    news = forms.BooleanField(required=False, label="Count news articles too")

    def kinds(self):
        """The kinds to count (None: every kind)."""
        return None if self.is_valid() and self.cleaned_data["news"] else OFFICIAL_KINDS


class HeatmapForm(CountedKindsForm):
    with_texts = forms.BooleanField(required=False, label="Only summits whose texts the archive holds")


def theme_list(request):
    form = HeatmapForm(request.GET)
    with_texts = form.is_valid() and form.cleaned_data["with_texts"]  # a BooleanField accepts any value
    themes = list(Theme.objects.order_by("position", "name"))
    summits = list(Summit.objects.order_by("start_date"))
    kinds = form.kinds()
    totals = summary_counts.paragraphs_per_summit(kinds)
    counts = summary_counts.theme_by_summit(kinds)
    columns = [{"summit": s, "total": totals.get(s.pk, 0)} for s in summits]
    if with_texts:
        columns = [c for c in columns if c["total"]]

    browser = reverse("declarations:paragraph_list")

    def row(theme, top=False):
        cells = [
            heatmap_cell(
                theme,
                c["summit"],
                counts[theme.pk].get(c["summit"].pk, 0),
                c["total"],
                url=f"{browser}?{urlencode({'theme': theme.slug, 'summit': c['summit'].slug})}",
            )
            for c in columns
        ]
        theme.paragraph_count = sum(cell["count"] for cell in cells)  # a paragraph belongs to one summit
        return {"theme": theme, "cells": cells, "html": heatmap_row_html(theme, cells, top=top)}

    groups = [
        {"row": row(top, top=True), "children": [row(child) for child in themes if child.parent_id == top.pk]}
        for top in themes
        if top.parent_id is None
    ]
    legend = [{"level": level, "label": label} for level, (*_colours, label) in enumerate(HEAT_LEVELS)]
    ctx = {
        "groups": groups,
        "columns": columns,
        "legend": legend,
        "form": form,
        "with_texts": with_texts,
        "news_counted": kinds is None,
    }
    return render(request, "declarations/theme_list.html", ctx)


def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    children = list(theme.children.order_by("position", "name"))
    summits = list(Summit.objects.order_by("start_date"))
    form = CountedKindsForm(request.GET)
    kinds = form.kinds()
    totals = summary_counts.paragraphs_per_summit(kinds)
    counted = ParagraphCount.objects.filter(theme=theme)
    if kinds:
        counted = counted.filter(kind__in=kinds)
    counts = {row["summit_id"]: row["n"] for row in counted.values("summit_id").annotate(n=Sum("paragraphs"))}
    points = [
        TimelinePoint(label=str(s.year), name=str(s), count=counts.get(s.pk, 0), total=totals.get(s.pk, 0))
        for s in summits
    ]
    total_count = sum(p.count for p in points)
    # Its paragraphs as the paragraph browser lists them for ?theme=<slug>, in date order.
    filterset = ParagraphFilter({"theme": [theme.slug]}, queryset=Paragraph.objects.public())
    page = filterset.results(facets=False).page(
        request.GET.get("page"), request.GET.get("after"), request.GET.get("before")
    )
    ctx = {
        "theme": theme,
        "children": children,
        "points": [
            {
                "point": p,
                "summit": s,
                "percent": percent(p.share),
                "url": paragraph_browser_url(theme=theme.slug, summit=s.slug),
            }
            for p, s in zip(points, summits, strict=True)
        ],
        "timeline": timeline_svg(
            points,
            title=f"{theme.name}: share of each summit’s paragraphs, {summits[0].year}–{summits[-1].year}"
            if summits
            else theme.name,
            description=timeline_description(theme.name, points),
            id_prefix=f"timeline-{theme.slug}",
        ),
        "total_count": total_count,
        "browser_url": paragraph_browser_url(theme=theme.slug),
        "page": page,
        "reliability": reliability(theme),
        "form": form,
        "news_counted": kinds is None,
    }
    return render(request, "declarations/theme_detail.html", ctx)
