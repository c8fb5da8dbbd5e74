"""Pagination for the pages that list a slice of a large table (a theme's, a state's, a filtered document list).

Two costs grow with the archive and are bounded here:
- the count: either known already (the summary table's, `count=`) or counted up to `count_cap` rows only,
  shown as "1,000+" beyond it;
- the depth: an OFFSET of half a million rows scans half a million rows, so only the first `max_pages` pages are
  served (a later page number shows the last of them) and the page says where to read on (the paragraph
  browser, whose filters narrow any list to a few pages).
"""

from functools import cached_property

from django.core.paginator import Paginator

# Date order of public paragraphs as the (published, date, id) index holds it. `published` leads because SQLite
# reads Django's `WHERE published` as an expression, not an equality on the index's first column, and would
# otherwise sort every match (0.5 s for a theme at 200,000 paragraphs); on public rows it changes nothing.
INDEX_ORDER = ("published", "date", "id")


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count=None, count_cap=None, max_pages=40):
        super().__init__(object_list, per_page)
        self._known_count = count
        self.count_cap = count_cap
        self.max_pages = max_pages

    @cached_property
    def total(self):
        """How many rows there are, or count_cap + 1 when there are more than count_cap."""
        if self._known_count is not None:
            return self._known_count
        if self.count_cap is None:
            return super().count
        # COUNT over a LIMIT-ed subquery: stops reading after count_cap + 1 rows.
        return self.object_list.order_by()[: self.count_cap + 1].count()

    @property
    def capped(self):
        return self.count_cap is not None and self._known_count is None and self.total > self.count_cap

    @property
    def truncated(self):
        """True when some rows lie beyond the last page served."""
        return self.total > self.max_pages * self.per_page

    @cached_property
    def count(self):
        # What the pages can reach; the page shows `total` (and whether it is capped) for the full figure.
        return min(self.total, self.max_pages * self.per_page)


def rows_for_page(page, queryset):
    """Replace a page of ids with the queryset's rows for them, in the page's order.

    Paging over ids lets PostgreSQL walk an index alone (no table row read per skipped row); only the page's
    rows are read in full.
    """
    ids = list(page.object_list)
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page
