"""The themes pages: the taxonomy with a themes-by-summits heatmap, and one theme's timeline and paragraphs.

Both pages count with a few grouped queries over ParagraphTheme joined to the paragraph's copied summit and
published columns, never a query per cell: the heatmap costs the same for 25 themes or 250.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..charts import HEAT_LEVELS, TimelinePoint, heat_level, percent, timeline_description, timeline_svg
from ..models import Paragraph, ParagraphTheme, Summit, Theme


def paragraph_browser_url(**params):
    """/paragraphs/?theme=..&summit=..: the paragraph browser's public address (part of the URL contract)."""
    return f"{reverse('declarations:paragraph_list')}?{urlencode(params)}"


def summit_totals():
    """{summit id: number of public paragraphs}."""
    rows = Paragraph.objects.public().values("summit_id").annotate(n=Count("id")).order_by()
    return {row["summit_id"]: row["n"] for row in rows}


def tagged_counts(themes=None):
    """{(theme id, summit id): public paragraphs carrying it}, a top theme counting its sub-themes' paragraphs.

    Two grouped queries: one per theme as tagged, one per top theme over itself and its children (distinct
    paragraphs, since one paragraph often carries a parent and several children). The second matches what
    the paragraph browser's ?theme=<parent> filter lists, even for a staff tag on a child alone.
    """
    tags = ParagraphTheme.objects.filter(paragraph__published=True)
    if themes is not None:
        tags = tags.filter(theme__in=themes)
    counts = {}
    per_theme = (
        tags.values("theme_id", summit_id=F("paragraph__summit_id"))
        .annotate(n=Count("paragraph_id"))
        .order_by()
    )
    for row in per_theme:
        counts[row["theme_id"], row["summit_id"]] = row["n"]
    per_group = (
        tags.values(group_id=Coalesce("theme__parent_id", "theme_id"), summit_id=F("paragraph__summit_id"))
        .annotate(n=Count("paragraph_id", distinct=True))
        .order_by()
    )
    for row in per_group:
        if themes is None or any(t.pk == row["group_id"] for t in themes):
            key = (row["group_id"], row["summit_id"])
            counts[key] = max(counts.get(key, 0), row["n"])
    return counts


def heatmap_cell(theme, summit, count, total):
    share = count / total if total else 0.0
    return {
        "count": count,
        "share": share,
        "percent": percent(share),
        "level": heat_level(share),
        "no_texts": not total,
        "url": paragraph_browser_url(theme=theme.slug, summit=summit.slug),
        "title": f"{theme.name} at {summit}: {count} of {total} paragraphs"
        if total
        else f"{summit}: no texts yet",
    }


def theme_list(request):
    themes = list(Theme.objects.order_by("position", "name"))
    summits = list(Summit.objects.order_by("start_date"))
    totals = summit_totals()
    counts = tagged_counts()
    columns = [{"summit": s, "total": totals.get(s.pk, 0)} for s in summits]

    def row(theme):
        cells = [
            heatmap_cell(theme, c["summit"], counts.get((theme.pk, c["summit"].pk), 0), c["total"])
            for c in columns
        ]
        theme.paragraph_count = sum(cell["count"] for cell in cells)  # a paragraph belongs to one summit
        return {"theme": theme, "cells": cells}

    groups = [
        {"row": row(top), "children": [row(child) for child in themes if child.parent_id == top.pk]}
        for top in themes
        if top.parent_id is None
    ]
    legend = [{"level": level, "label": label} for level, (*_colours, label) in enumerate(HEAT_LEVELS)]
    ctx = {"groups": groups, "columns": columns, "legend": legend}
    return render(request, "declarations/theme_list.html", ctx)


def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    children = list(theme.children.order_by("position", "name"))
    summits = list(Summit.objects.order_by("start_date"))
    totals = summit_totals()
    counts = tagged_counts([theme, *children])
    points = [
        TimelinePoint(
            label=str(s.year), name=str(s), count=counts.get((theme.pk, s.pk), 0), total=totals.get(s.pk, 0)
        )
        for s in summits
    ]
    # A semi-join rather than with_theme()'s join + DISTINCT: at 100,000 paragraphs the DISTINCT made the count
    # and the page take 5 s; this takes 0.7 s (/tmp benchmark in the h7 report).
    tagged = ParagraphTheme.objects.filter(theme__in=[theme, *children]).values("paragraph_id")
    paragraphs = (
        Paragraph.objects.public()
        .filter(id__in=tagged)
        .select_related("document", "summit")
        .order_by("date", "document_id", "number")
    )
    page = Paginator(paragraphs, 25).get_page(request.GET.get("page"))
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
        "total_count": sum(p.count for p in points),
        "browser_url": paragraph_browser_url(theme=theme.slug),
        "page": page,
    }
    return render(request, "declarations/theme_detail.html", ctx)
