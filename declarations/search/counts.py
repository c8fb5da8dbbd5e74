"""Counting paragraphs: the summary table (ParagraphCount) and bounded counts of a filtered list.

Counting a million paragraphs and their tags on every request is what made the aggregate pages slow; these
functions read a table of a few thousand rows instead (unfiltered count at a million paragraphs: 61 ms -> 1.3 ms).
refresh() rebuilds the rows of the given summits (all when none are given) with two INSERT ... SELECT
statements, and moves the ArchiveVersion. It is the only writer of the table: signals.py calls it for single-row edits; bulk paths (the
importer, retagging, the corpus generator, an admin request) wrap their work in batch() and it runs once at the
end.

A filtered list that the table cannot count is counted over its first COUNT_CAP + 1 matches only, and the page
says "1,000+": a common word with its count and facets cost 4,671 ms at a million paragraphs, 16 ms capped.
The table counts a list only when every filter it has is one of SUMMARY_FILTERS (an allow-list: a filter added
to the FilterSet is counted by the bounded count until someone teaches the table to count it).
"""

import threading
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import connection, transaction
from django.db.models import Case, F, Q, QuerySet, Sum, When

from ..models import ArchiveVersion, Paragraph, ParagraphCount, ParagraphTheme, Theme
from . import backend

COUNT_CAP = 1_000
# The filters the summary table's rows are keyed by: a list filtered by these alone is counted exactly from it.
SUMMARY_FILTERS = frozenset({"summit", "kind"})

_state = threading.local()


# ------------------------------------------------------------------------------------------- the summary table


def refresh(summit_ids=None):
    """Rebuild the counts of these summits (all summits if None); inside batch(), once at its end."""
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
    # A block being rolled back (a dry run) changed nothing the counts must follow.
    if pending and not (connection.in_atomic_block and transaction.get_rollback()):
        _rebuild(None if None in pending else pending)


def _rebuild(summit_ids):
    counts, paragraphs = ParagraphCount._meta.db_table, Paragraph._meta.db_table
    tags, themes = ParagraphTheme._meta.db_table, Theme._meta.db_table
    where, params = "", []
    if summit_ids is not None:
        where = f" AND p.summit_id IN ({', '.join(['%s'] * len(summit_ids))})"
        params = list(summit_ids)
    with transaction.atomic(), connection.cursor() as cursor:
        ArchiveVersion.move()  # what is computed from the whole archive and kept is out of date
        delete = ParagraphCount.objects.all()
        if summit_ids is not None:
            delete = delete.filter(summit_id__in=summit_ids)
        delete._raw_delete(delete.db)
        cursor.execute(
            f"INSERT INTO {counts} (summit_id, kind, theme_id, paragraphs, quoted) "  # noqa: S608 (tables from _meta)
            f"SELECT p.summit_id, p.kind, NULL, COUNT(*), SUM(CASE WHEN p.quoted THEN 1 ELSE 0 END) "
            f"FROM {paragraphs} p "
            f"WHERE p.published{where} GROUP BY p.summit_id, p.kind",
            params,
        )
        # A parent theme counts a paragraph once whether it carries the parent, one child or several.
        cursor.execute(
            f"INSERT INTO {counts} (summit_id, kind, theme_id, paragraphs, quoted) "  # noqa: S608 (tables from _meta)
            f"SELECT p.summit_id, p.kind, t.id, COUNT(DISTINCT p.id), 0 FROM {themes} t "
            f"JOIN {themes} c ON c.id = t.id OR c.parent_id = t.id "
            f"JOIN {tags} pt ON pt.theme_id = c.id "
            f"JOIN {paragraphs} p ON p.id = pt.paragraph_id "
            f"WHERE p.published{where} GROUP BY p.summit_id, p.kind, t.id",
            params,
        )


def _rows(kinds=None, **filters):
    rows = ParagraphCount.objects.filter(**filters)
    return rows.filter(kind__in=kinds) if kinds else rows


def _sum_by(name, kinds=None, **filters):
    rows = _rows(kinds, **filters).values(name).annotate(n=Sum("paragraphs")).order_by()
    return {row[name]: row["n"] for row in rows}


def total_paragraphs(kinds=None):
    return _rows(kinds, theme=None).aggregate(n=Sum("paragraphs"))["n"] or 0


def paragraphs_per_summit(kinds=None):
    """{summit_id: public paragraphs}, of these kinds only when given."""
    return _sum_by("summit_id", kinds, theme=None)


def paragraphs_per_kind():
    """{kind: public paragraphs}"""
    return _sum_by("kind", theme=None)


def paragraphs_per_theme(summit_id=None, kinds=None):
    """{theme_id: public paragraphs}, optionally within one summit."""
    filters = {"theme__isnull": False}
    if summit_id is not None:
        filters["summit_id"] = summit_id
    return _sum_by("theme_id", kinds, **filters)


def theme_by_summit(kinds=None):
    """{theme_id: {summit_id: public paragraphs}} for heatmaps and timelines."""
    grid = defaultdict(dict)
    rows = _rows(kinds, theme__isnull=False).values("theme_id", "summit_id").annotate(n=Sum("paragraphs"))
    for row in rows.order_by():
        grid[row["theme_id"]][row["summit_id"]] = row["n"]
    return grid


# ------------------------------------------------------------------------------------ counts of a filtered list


@dataclass
class Counts:
    """A list's count and facets. total is exact, or COUNT_CAP + 1 when capped (the facets then count the first
    COUNT_CAP matches)."""

    total: int
    capped: bool
    by_summit: dict = field(default_factory=dict)
    by_kind: dict = field(default_factory=dict)
    by_theme: dict = field(default_factory=dict)
    quoted: int = 0  # of which quoted in the news (the facet), among the same rows as the other facets

    @property
    def shown_total(self):
        """What a page says: the count, or COUNT_CAP with a "+" when capped."""
        return COUNT_CAP if self.capped else self.total


def is_chosen(value):
    """Whether a cleaned filter value filters: not empty (an unchosen model choice cleans to queryset.none())."""
    if isinstance(value, QuerySet):
        return not value.query.is_empty()
    return value is not False and value not in (None, "", [], ())


def summary_counts_it(filters):
    """Whether the summary table can count a list with these cleaned filter values."""
    return all(name in SUMMARY_FILTERS for name, value in filters.items() if is_chosen(value))


def from_summary(summits=(), kind=None):
    """Exact counts and facets from the summary table (one query: the all-themes rows grouped by summit and
    kind, and the per-theme rows grouped by theme)."""
    rows = ParagraphCount.objects.all()
    if summits:
        rows = rows.filter(summit_id__in=[summit.pk for summit in summits])
    if kind:
        rows = rows.filter(kind=kind)
    all_themes = Q(theme__isnull=True)
    grouped = (
        rows.annotate(
            summit_part=Case(When(all_themes, then=F("summit_id"))),
            kind_part=Case(When(all_themes, then=F("kind"))),
        )
        .values_list("theme_id", "summit_part", "kind_part")
        .annotate(n=Sum("paragraphs"), quoted=Sum("quoted"))
        .order_by()
    )
    by_summit, by_kind, by_theme, quoted = Counter(), Counter(), {}, 0
    for theme_id, summit_id, kind_value, n, quoted_n in grouped:
        if theme_id is None:
            by_summit[summit_id] += n
            by_kind[kind_value] += n
            quoted += quoted_n
        else:
            by_theme[theme_id] = n
    return Counts(sum(by_kind.values()), False, dict(by_summit), dict(by_kind), by_theme, quoted)


def bounded(filtered, order=(), cap=None):
    """Count and facets of a filtered queryset over its first cap + 1 matches (the extra row only tells that
    there are more). Given the listing's date `order`, the matches are the first ones the pages show, found by
    walking the (date, id) index that also holds the theme family (migration 0007)."""
    cap = COUNT_CAP if cap is None else cap
    query = filtered.order_by(*order).annotate(family=backend.theme_family())
    rows = backend.driver_rows(query.values_list("summit_id", "kind", "family", "quoted")[: cap + 1])
    return _counted(rows, cap, 0, 1, 2, 3)


def bounded_total(filtered, cap=None):
    """The count alone of a filtered queryset, up to cap + 1, for a list shown without facets: the database may
    find the matches in any order and reads none of their columns (the state page at a million paragraphs: the
    first 1,001 paragraphs naming China in date order walked 22,000 rows, 39 ms; counted as they come, 6-19 ms)."""
    cap = COUNT_CAP if cap is None else cap
    total = count_up_to(filtered, cap)
    return Counts(total, total > cap)


def from_candidates(candidates, cap=None):
    """Count and facets from a search's ranked candidates (backend.RankedIds.rows()): the first matches, as
    bounded() counts them, read by the ranking's own query rather than found again."""
    cap = COUNT_CAP if cap is None else cap
    columns = (backend.SUMMIT, backend.KIND, backend.FAMILY, backend.QUOTED)
    return _counted(candidates[: cap + 1], cap, *columns)


def count_up_to(queryset, cap=None):
    """How many rows the queryset has, counted up to cap + 1 (COUNT_CAP by default): a facet's bounded count."""
    cap = COUNT_CAP if cap is None else cap
    return queryset.order_by()[: cap + 1].count()


def _counted(rows, cap, summit, kind, family, quoted):
    """Counts of rows (tuples) whose summit, kind, theme family and quoted flag are at these places."""
    counted = rows[:cap]
    summit, kind, family, quoted = map(itemgetter, (summit, kind, family, quoted))
    return Counts(
        len(rows),
        len(rows) > cap,
        dict(Counter(map(summit, counted))),
        dict(Counter(map(kind, counted))),
        backend.family_counts(map(family, counted)),
        sum(1 for row in counted if quoted(row)),
    )
