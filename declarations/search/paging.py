"""Pages of a paragraph list: ids first (an index walk that stops at the page), then only those rows in full.

- At most MAX_REACHABLE results can be paged through (400 pages of 25): an OFFSET costs what it skips.
- Paging on by date is a keyset walk: "Next" and "Previous" carry the (date, id) of the row the page starts after
  or ends before (Cursor), so page 200 reached by its links costs what page 1 costs instead of skipping 4,975
  rows (the API's cursor pagination is the same walk). A page number typed into the address walks from the
  start, bounded by the reach. A cursor that cannot be read is ignored: the page number alone decides.
- When the count was capped (counts.py) the pages are open-ended: each fetches one id more than it shows to
  know whether a next page exists.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.paginator import InvalidPage, Page, Paginator
from django.db import connections
from django.db.models import F, Field, Func, Value

MAX_REACHABLE = 10_000


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
