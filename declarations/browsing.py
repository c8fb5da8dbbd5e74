"""The paragraph browser's work, bounded so that a page costs about the same at a million paragraphs as at fifty.

What costs at scale is touching every match: counting 160,000 matches of a common word, ranking them all, grouping
them and their tags for the facets, or skipping 5,000 rows to reach page 200. So (issue 7):

- Counts stop at COUNT_CAP: the page says "1,000+" rather than counting on. The count and the three facets come
  from one query over the first COUNT_CAP + 1 matches (with a search: the ranking's own candidates), so the
  facets are exact when the results are fewer and labelled "counted among the first 1,000" when they are not. Gathering matches is
  what costs (a theme filter probes the tag index once per paragraph it walks), so the cap is low: at a million
  paragraphs 10,000 candidates cost 150-550 ms, 1,000 cost 15-60 ms.
- With no filters, or only summit and kind filters, the summary table (ParagraphCount, kept by stats.py) gives
  exact counts and facets at any size without touching the paragraphs.
- A search ranks only its first RANK_CANDIDATES (1,000) matches (search.RankedIds), and the page says so.
- At most MAX_REACHABLE results can be paged through (400 pages of 25). A page's ids are found first (by date, a
  walk of a (date, id) index that stops at the page), then only those 25 rows are fetched whole. When the count
  was capped the pages are open-ended: each fetches one id more than it shows to know whether a next page exists.
- Paging on by date is a keyset walk: "Next" and "Previous" carry the (date, id) of the row the page starts after
  or ends before (Cursor), so page 200 reached by paging costs what page 1 costs (26 index entries from that
  position) instead of skipping 4,975. Only a page number typed into the address walks from the start (OFFSET),
  and the reach bounds that walk. A cursor that cannot be read is ignored: the page number alone decides.

Theme counts roll sub-themes up into their parent (a paragraph counts once), like ParagraphCount and like the
theme filter itself, so a facet's count is what clicking it gives when the counts are exact.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from django.core.paginator import InvalidPage, Page, Paginator
from django.db import connections
from django.db.models import Case, F, Field, Func, Q, Sum, Value, When

from . import search
from .models import ParagraphCount

COUNT_CAP = 1_000
MAX_REACHABLE = 10_000


@dataclass
class Counts:
    total: int  # exact, or COUNT_CAP + 1 when capped
    capped: bool
    by_summit: dict = field(default_factory=dict)
    by_kind: dict = field(default_factory=dict)
    by_theme: dict = field(default_factory=dict)


def from_summary(summits=(), kind=None):
    """Exact counts and facets from the summary table: for no filters, or only summit and kind filters.

    One query: the all-themes rows grouped by summit and kind (the total, the summit and kind facets are sums of
    those) and the per-theme rows grouped by theme. Three grouped queries cost two more round trips."""
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
        .annotate(n=Sum("paragraphs"))
        .order_by()
    )
    by_summit, by_kind, by_theme = Counter(), Counter(), {}
    for theme_id, summit_id, kind_value, n in grouped:
        if theme_id is None:
            by_summit[summit_id] += n
            by_kind[kind_value] += n
        else:
            by_theme[theme_id] = n
    return Counts(sum(by_kind.values()), False, dict(by_summit), dict(by_kind), by_theme)


def bounded(filtered, cap=None, order=()):
    """Count and facets of a filtered queryset, over at most its first `cap` matches (COUNT_CAP by default).

    One query reads the first cap + 1 matches (the extra row only tells that there are more) with their summit,
    kind and theme family, and they are grouped here. Given the listing's `order` (date filters), the matches
    are the first ones the pages show, found by walking the (date, id) index that also holds the theme family
    (migration 0007); a search's matches come in the full-text index's order. The theme family already rolls
    sub-themes up into their parent, so a paragraph counts once for a parent it reaches through several.
    """
    cap = COUNT_CAP if cap is None else cap
    query = filtered.order_by(*order).annotate(family=search.theme_family())
    # As the driver's tuples, counted straight from them: a thousand rows through Django's per-row converters
    # cost about 3 ms of the page (issue 7).
    rows = search.driver_rows(query.values_list("summit_id", "kind", "family")[: cap + 1])
    return _counted(rows, cap, itemgetter(0), itemgetter(1), itemgetter(2))


def from_candidates(candidates, cap=None):
    """Count and facets from a search's ranked candidates (search.RankedIds.rows()), over the first `cap` of
    them: the first matches, as bounded() counts them, read by the ranking's own query rather than found again.
    The theme facet reads each candidate's theme family, which already rolls sub-themes up into their parent.
    Only when at least cap + 1 candidates were fetched: fewer could not tell that the count goes on."""
    cap = COUNT_CAP if cap is None else cap
    summit, kind, family = itemgetter(search.SUMMIT), itemgetter(search.KIND), itemgetter(search.FAMILY)
    return _counted(candidates[: cap + 1], cap, summit, kind, family)


def _counted(rows, cap, summit, kind, family):
    """Counts of at most cap + 1 rows, the facets over the first `cap`: `summit`, `kind` and `family` read a
    row's summit id, kind and theme family (as search.theme_family() gives it)."""
    counted = rows[:cap]
    return Counts(
        len(rows),
        len(rows) > cap,
        dict(Counter(map(summit, counted))),
        dict(Counter(map(kind, counted))),
        search.family_counts(map(family, counted)),
    )


_CURSOR = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})\.([0-9]{1,19})")
_MAX_ID = 2**63 - 1  # bigint: a larger id in a cursor would be a database error, not "no rows"


@dataclass(frozen=True)
class Cursor:
    """A position in a date-ordered listing: the (date, id) of a row, written "2001-06-15.1234" in links."""

    date: datetime.date
    id: int

    def __str__(self):
        return f"{self.date.isoformat()}.{self.id}"

    @classmethod
    def of(cls, paragraph):
        return cls(paragraph.date, paragraph.pk)

    @classmethod
    def parse(cls, value):
        """The cursor a link carries, or None for anything else (a hand-edited address never raises)."""
        match = _CURSOR.fullmatch(value or "")
        if not match:
            return None
        try:
            parsed = cls(datetime.date.fromisoformat(match[1]), int(match[2]))
        except ValueError:  # 2013-13-40
            return None
        return parsed if 0 < parsed.id <= _MAX_ID else None


class _Row(Func):
    """An SQL row value, (a, b): PostgreSQL walks a (date, id) index from the position it compares with."""

    function = ""
    output_field = Field()


def beyond(ids, order, cursor, limit, *, before=False):
    """Up to `limit` ids that come after the cursor's row in `order` (("date", "id") or ("-date", "-id")), or
    before it, nearest first: a walk of the (date, id) index from the cursor's position."""
    # Toward smaller (date, id): later in a newest-first listing, earlier in an oldest-first one.
    down = order[0].startswith("-") != before
    if connections[ids.db].vendor == "postgresql":
        position, at = _Row(F("date"), F("id")), _Row(Value(cursor.date), Value(cursor.id))
        ids = ids.alias(position=position)
        if down:
            return list(ids.filter(position__lt=at).order_by("-date", "-id")[:limit])
        return list(ids.filter(position__gt=at).order_by("date", "id")[:limit])
    # SQLite seeks a row value by its first column only and would walk every row of the cursor's date before
    # it (10,000 paragraphs share one date in the synthetic corpus; Django's tuple lookups, written as ORs, walk
    # the whole index): the rest of the cursor's date, then the dates beyond it, each a seek of its own.
    if down:
        same_date = ids.filter(date=cursor.date, id__lt=cursor.id).order_by("-id")
        further = ids.filter(date__lt=cursor.date).order_by("-date", "-id")
    else:
        same_date = ids.filter(date=cursor.date, id__gt=cursor.id).order_by("id")
        further = ids.filter(date__gt=cursor.date).order_by("date", "id")
    found = list(same_date[:limit])
    return found if len(found) == limit else found + list(further[: limit - len(found)])


class IdFirstPage(Page):
    """A page that knows whether results go on after it (it fetched one id more than it shows), and the cursors
    of its first and last rows for the links to the pages beside it."""

    def __init__(self, object_list, number, paginator, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more and self.number < self.paginator.num_pages

    @property
    def next_cursor(self):
        """The "after" of the next page's link (None when the listing is not by date)."""
        if self.paginator.order and self.object_list:
            return str(Cursor.of(self.object_list[-1]))
        return None

    @property
    def previous_cursor(self):
        """The "before" of the previous page's link."""
        if self.paginator.order and self.object_list:
            return str(Cursor.of(self.object_list[0]))
        return None

    @property
    def shown_from(self):
        return (self.number - 1) * self.paginator.per_page + 1

    @property
    def shown_to(self):
        return self.shown_from + len(self.object_list) - 1

    @property
    def past_the_end(self):
        """An open-ended listing's page number past the last result (the count was capped, so pages guess)."""
        return not self.object_list and self.number > 1

    @property
    def at_the_reach(self):
        """Results go on, but no page reaches them."""
        return self.more and self.number >= self.paginator.num_pages


class IdFirstPaginator(Paginator):
    """Pages of at most `reachable` results, each found as 25 ids first and then fetched as 25 whole rows.

    `object_list` is a queryset of ids in display order; `rows` turns a list of ids into displayable paragraphs.
    The count is given (from the summary table or the bounded count), never counted here. When it was capped
    (`open_ended`), the number of pages is not known: pages go up to the reach, each one fetches a 26th id to
    know whether a next page exists, and a page number past the results gives an empty page that says so.
    """

    def __init__(self, ids, per_page, count, rows, reachable=None, open_ended=False, order=()):
        super().__init__(ids, per_page)
        self.total = count
        self.reachable = MAX_REACHABLE if reachable is None else reachable
        self.rows = rows
        self.open_ended = open_ended
        self.order = order  # the date order when the listing is by date: pages beside it then take cursors

    @property
    def count(self):
        return self.reachable if self.open_ended else min(self.total, self.reachable)

    @property
    def beyond_reach(self):
        return self.open_ended or self.total > self.reachable

    def get_page(self, number, after=None, before=None):
        """Page `number`, found from the cursor of the page before it (after) or after it (before) when a link
        gave one and the listing is by date; a cursor that cannot be read is ignored."""
        after, before = Cursor.parse(after), Cursor.parse(before)
        if self.order and (after or before):
            try:
                valid = self.validate_number(number)
            except InvalidPage:
                valid = None  # get_page below turns it into the first or the last page
            beside = self._page_beside(valid, after, before) if valid and valid > 1 else None
            if beside:
                return beside
        return super().get_page(number)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)  # the last reachable page ends at the reach
        ids = list(self.object_list[bottom : top + 1]) if top > bottom else []
        return self._page_of(ids, number, top - bottom)

    def _page_beside(self, number, after, before):
        bottom = (number - 1) * self.per_page
        size = min(bottom + self.per_page, self.count) - bottom
        if size <= 0:
            return None
        if after:
            return self._page_of(beyond(self.object_list, self.order, after, size + 1), number, size)
        ids = beyond(self.object_list, self.order, before, size, before=True)
        if len(ids) < size:
            return None  # fewer rows before it than a page: the listing changed, count from the start
        return self._page_of([*reversed(ids), None], number, size)  # it came from a next page: results go on

    def _page_of(self, ids, number, size):
        more, ids = len(ids) > size, ids[:size]
        by_id = {p.pk: p for p in self.rows(ids)} if ids else {}
        return IdFirstPage([by_id[pk] for pk in ids if pk in by_id], number, self, more)
