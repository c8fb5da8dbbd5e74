"""Search and counting of paragraphs, the reading room's one boundary.

Nothing outside this package knows the database vendors, the hidden columns (the tsvector, the FTS5 table, the
theme family), the caps or the summary counts. A list page, an export and an API list all do the same:

    results = search.find(filterset.qs, filterset.form.cleaned_data, query=parsed, ordering="date")
    results.counts          # total (exact, or capped and said so) and facets
    results.page(number, after=..., before=...)   # a page of ParagraphRows (rows.py), with cursors
    results.iter_rows()     # every row in order, in chunks, for a download

The filtered queryset comes from the FilterSet (filters.py), whose filter methods call matching() and
in_themes() here; find() decides how to count (the summary table when every filter is one it is keyed by,
counts.SUMMARY_FILTERS; else the first COUNT_CAP matches), how to order (by date on the (date, id) index, or
by relevance among the first RANK_CANDIDATES matches) and how to page (paging.py).

Modules: query.py parses a reader's query (no Django); backend.py writes it for PostgreSQL and SQLite and ranks;
counts.py keeps and reads the summary table and counts filtered lists; paging.py pages; rows.py builds the rows.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import EmptyResultSet

from . import counts, rows
from .backend import RANK_CANDIDATES, RankedIds, highlights, ids_of, in_themes, linked_ids, marked, matching
from .counts import COUNT_CAP, Counts
from .paging import MAX_REACHABLE, Cursor, IdFirstPaginator, beyond
from .query import MAX_TERMS, ParsedQuery, SearchSyntaxError, Term, parse
from .rows import ParagraphRow, paragraph_rows

__all__ = [
    "COUNT_CAP",
    "MAX_REACHABLE",
    "MAX_TERMS",
    "RANK_CANDIDATES",
    "Counts",
    "Cursor",
    "ParagraphRow",
    "ParsedQuery",
    "Results",
    "SearchSyntaxError",
    "Term",
    "find",
    "highlights",
    "ids_of",
    "in_themes",
    "linked_ids",
    "marked",
    "matching",
    "paragraph_rows",
    "parse",
]

ORDERINGS = ("relevance", "date", "-date")
# Filters whose matches lie spread through the table, so that a search may walk it from its start for its first
# matches (backend.RankedIds): summits and years gather theirs in one part, and a state filter probes an index
# for every row, which the walk's planner settings turn off.
WALKABLE_FILTERS = frozenset({"q", "theme", "kind"})
# What a FilterSet's cleaned data may hold that does not filter.
NOT_FILTERS = frozenset({"o", "ordering"})


def find(queryset, filters, *, query=None, ordering="date", facets=True):
    """The paragraphs of a filtered queryset, counted, ordered and pageable.

    filters: the FilterSet's cleaned values (which decide how to count and rank); query: the parsed search
    (ParsedQuery, with the chosen themes) or None; ordering: "relevance" (only with a query), "date" or "-date";
    facets: False for a page, download or API list that shows the count alone (counted without facets).
    """
    chosen = {
        name: value for name, value in filters.items() if name not in NOT_FILTERS and counts.is_chosen(value)
    }
    if ordering not in ORDERINGS or (ordering == "relevance" and not query):
        ordering = "date"
    return Results(queryset, chosen, query, ordering, facets)


@dataclass
class Results:
    queryset: object
    filters: dict
    query: ParsedQuery | None
    ordering: str
    facets: bool = True

    @property
    def ranked(self):
        return self.ordering == "relevance"

    @property
    def date_order(self):
        return ("-date", "-id") if self.ordering == "-date" else ("date", "id")

    @cached_property
    def ids(self):
        """The ids in display order: a (date, id) index walk, or the ranked candidates of a search."""
        if self.ranked:
            walkable = all(name in WALKABLE_FILTERS for name in self.filters)
            return RankedIds(self.queryset, self.query, candidates=RANK_CANDIDATES, walkable=walkable)
        return self.queryset.order_by(*self.date_order).values_list("id", flat=True)

    @cached_property
    def counts(self):
        """Count and facets: exact from the summary table when it can tell, from a search's ranked candidates
        when it ranks, else over the first matches."""
        if counts.summary_counts_it(self.filters):
            return counts.from_summary(self.filters.get("summit") or (), self.filters.get("kind") or None)
        if self.ranked and self.ids.candidates >= counts.COUNT_CAP:  # they hold what the count needs
            return counts.from_candidates(self.ids.rows())
        try:
            if not self.facets:
                return counts.bounded_total(self.queryset)
            order = () if self.query else self.date_order
            return counts.bounded(self.queryset, order=order)
        except EmptyResultSet:  # a search of stop words only: nothing can match
            return Counts(0, False)

    @property
    def ranked_among(self):
        """How many matches the ranking looked at, when that is fewer than the matches."""
        if self.ranked and (self.counts.capped or self.counts.total > RANK_CANDIDATES):
            return RANK_CANDIDATES
        return None

    def paginator(self, per_page=25):
        reachable = min(MAX_REACHABLE, RANK_CANDIDATES) if self.ranked else MAX_REACHABLE
        return IdFirstPaginator(
            self.ids,
            per_page,
            self.counts.total,
            lambda ids: paragraph_rows(ids, self.query),
            reachable,
            self.counts.capped,
            order=() if self.ranked else self.date_order,
        )

    def page(self, number=1, after=None, before=None, per_page=25):
        """A page of ParagraphRows (number from the address; after/before: a Next or Previous link's cursor)."""
        return self.paginator(per_page).get_page(number, after, before)

    def iter_rows(self, chunk=500, limit=None, text=False):
        """Every row in display order, fetched `chunk` at a time by a keyset walk (bounded memory), at most
        `limit` of them; with text, each row's Markdown source in place of its HTML."""
        walk = self.queryset.values_list(*rows.columns(text))
        chunks = (rows.rows_of(raw, text=text) for raw in self._chunks(walk, chunk, rows.DATE_COLUMN))
        return _at_most(chunks, limit)

    def iter_values(self, *names, chunk=2_000, limit=None, **expressions):
        """(id, date, *names, *expressions) tuples of every row in display order, `chunk` at a time by the same
        walk as iter_rows, at most `limit`: what a CSV writes, without building ParagraphRows."""
        queryset = self.queryset.annotate(**expressions) if expressions else self.queryset
        walk = queryset.values_list("id", "date", *names, *expressions)
        return _at_most(self._chunks(walk, chunk, 1), limit)

    def _chunks(self, walk, chunk, date_at):
        """Lists of the values_list `walk`'s tuples in display order (each begins with the id; its date is at
        date_at): a search's ranked ids a chunk at a time, or the (date, id) keyset walk, which reads each chunk's
        columns itself and takes the last row of a chunk as the cursor of the next."""
        if self.ranked:
            ranked = self.ids[:RANK_CANDIDATES]
            for start in range(0, len(ranked), chunk):
                ids = ranked[start : start + chunk]
                by_id = {row[0]: row for row in walk.filter(pk__in=ids)}
                yield [by_id[pk] for pk in ids if pk in by_id]
            return
        raw = list(walk.order_by(*self.date_order)[:chunk])
        while raw:
            yield raw
            if len(raw) < chunk:
                return
            last = raw[-1]
            raw = beyond(walk, self.date_order, Cursor(last[date_at], last[0]), chunk)


def _at_most(chunks, limit):
    yielded = 0
    for chunk_rows in chunks:
        if limit is not None:
            chunk_rows = chunk_rows[: limit - yielded]
        yield from chunk_rows
        yielded += len(chunk_rows)
        if limit is not None and yielded >= limit:
            return
