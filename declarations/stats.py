"""Summary counts of public paragraphs per summit, kind and theme (the ParagraphCount table).

Counting a million paragraphs and their tags on every request is what made the aggregate pages slow; these
functions read a table of a few thousand rows instead. refresh() rebuilds the rows of the given summits (all when
none are given) in one transaction with two INSERT ... SELECT statements. Signals (signals.py) refresh after
single-row edits; bulk operations wrap themselves in `batch()` and refresh once at the end.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Sum

from . import catalog
from .models import Paragraph, ParagraphCount, ParagraphTheme, Theme

_state = threading.local()


def refresh(summit_ids=None):
    """Rebuild the counts of these summits (all summits if None)."""
    if summit_ids is not None:
        summit_ids = sorted({int(s) for s in summit_ids if s is not None})
        if not summit_ids:
            return
    if getattr(_state, "pending", None) is not None:
        _state.pending.update(summit_ids if summit_ids is not None else [None])
        return
    _rebuild(summit_ids)


@contextmanager
def batch():
    """Defer refreshes inside the block to one refresh of every summit touched, at the end."""
    if getattr(_state, "pending", None) is not None:
        yield  # already batching: the outer block refreshes
        return
    _state.pending = set()
    try:
        yield
    finally:
        pending, _state.pending = _state.pending, None
    if pending:
        _rebuild(None if None in pending else pending)


def _rebuild(summit_ids):
    counts, paragraphs = ParagraphCount._meta.db_table, Paragraph._meta.db_table
    tags, themes = ParagraphTheme._meta.db_table, Theme._meta.db_table
    where, params = "", []
    if summit_ids is not None:
        where = f" AND p.summit_id IN ({', '.join(['%s'] * len(summit_ids))})"
        params = list(summit_ids)
    # The pages cached under the catalog's version show these counts (the home page, the summit pages).
    catalog.forget_when_committed()
    with transaction.atomic(), connection.cursor() as cursor:
        delete = ParagraphCount.objects.all()
        if summit_ids is not None:
            delete = delete.filter(summit_id__in=summit_ids)
        delete._raw_delete(delete.db)
        cursor.execute(
            f"INSERT INTO {counts} (summit_id, kind, theme_id, paragraphs) "
            f"SELECT p.summit_id, p.kind, NULL, COUNT(*) FROM {paragraphs} p "
            f"WHERE p.published{where} GROUP BY p.summit_id, p.kind",
            params,
        )
        # A parent theme counts a paragraph once whether it carries the parent, one child or several.
        cursor.execute(
            f"INSERT INTO {counts} (summit_id, kind, theme_id, paragraphs) "
            f"SELECT p.summit_id, p.kind, t.id, COUNT(DISTINCT p.id) FROM {themes} t "
            f"JOIN {themes} c ON c.id = t.id OR c.parent_id = t.id "
            f"JOIN {tags} pt ON pt.theme_id = c.id "
            f"JOIN {paragraphs} p ON p.id = pt.paragraph_id "
            f"WHERE p.published{where} GROUP BY p.summit_id, p.kind, t.id",
            params,
        )


def _sum_by(field, **filters):
    rows = ParagraphCount.objects.filter(**filters).values(field).annotate(n=Sum("paragraphs"))
    return {row[field]: row["n"] for row in rows}


def total_paragraphs():
    return ParagraphCount.objects.filter(theme=None).aggregate(n=Sum("paragraphs"))["n"] or 0


def paragraphs_per_summit():
    """{summit_id: public paragraphs}"""
    return _sum_by("summit_id", theme=None)


def paragraphs_per_kind():
    """{kind: public paragraphs}"""
    return _sum_by("kind", theme=None)


def paragraphs_per_theme(summit_id=None):
    """{theme_id: public paragraphs}, optionally within one summit."""
    filters = {"theme__isnull": False}
    if summit_id is not None:
        filters["summit_id"] = summit_id
    return _sum_by("theme_id", **filters)


def theme_by_summit():
    """{theme_id: {summit_id: public paragraphs}} for heatmaps and timelines."""
    grid = defaultdict(dict)
    rows = (
        ParagraphCount.objects.filter(theme__isnull=False)
        .values("theme_id", "summit_id")
        .annotate(n=Sum("paragraphs"))
    )
    for row in rows:
        grid[row["theme_id"]][row["summit_id"]] = row["n"]
    return grid


class BatchRefreshMiddleware:
    """One refresh per request, however many rows a staff action saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with batch():
            return self.get_response(request)
