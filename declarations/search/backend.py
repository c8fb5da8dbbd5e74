"""What each database does with a parsed query (query.py): matching, ranking, highlights, the theme family.

- PostgreSQL gets the parsed query written back in websearch syntax (only word characters, quotes, `-` and `or`
  survive, so nothing the user typed reaches the parser as anything else) and matches it against the generated
  column `search_vector` (GIN index `paragraph_text_themes_gin`, on it and the theme family); rank is ts_rank
  (ts_rank_cd in by_relevance, which lineage uses), highlights ts_headline.
- SQLite gets an FTS5 query in which every word is a quoted string, so no user input is FTS5 syntax; it matches
  the external-content table `declarations_paragraph_fts` (porter stemmer), column `text` only; rank is bm25(),
  highlights highlight().

Theme filters (issue 7): every paragraph carries its theme family (its themes' ids and their parents'), kept by
triggers (migration 0007). A theme filter is "the theme's id is in the family", so a filter by a parent theme
matches its sub-themes' paragraphs. PostgreSQL tests `theme_ids @> '{a,b}'`, which a two-column GIN index on
(search_vector, theme_ids) answers together with the words in one index scan, instead of probing the tag table
per match; SQLite keeps the family as
tokens ("t1 t15") in a second FTS5 column, and a search with themes is one MATCH
(`text : (...) AND theme_ids : "t8"`) whose posting lists FTS5 intersects itself.

Highlights come back with the matches wrapped in \\x02 and \\x03, characters no source text contains; the text
is escaped in Python and only then are the markers turned into <mark>, so a highlight can never carry markup.

What differs, knowingly: PostgreSQL stems with Snowball English and SQLite with the original Porter stemmer
(identical for ordinary plurals and verb forms); inside a phrase PostgreSQL lets a stop word match any word.
"""

import heapq
import json
import math
import re
from collections import Counter
from itertools import chain

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, transaction
from django.db.models import Aggregate, CharField, F, Func, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.utils.html import format_html_join

from .query import START, STOP


class _Column(Func):
    """A paragraph column unknown to the model (migrations 0002, 0007), under whatever alias the query gives
    the paragraph table, so it also works inside subqueries."""

    column = None

    def __init__(self, output_field):
        super().__init__(F("id"), output_field=output_field)

    def as_sql(self, compiler, connection, **extra):
        id_column = self.get_source_expressions()[0]
        return f"{compiler.quote_name_unless_alias(id_column.alias)}.{self.column}", []


class _SearchVector(_Column):
    """Paragraph.search_vector, the generated tsvector (PostgreSQL)."""

    column = "search_vector"

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(SearchVectorField())


class _ThemeTokens(_Column):
    """Paragraph.theme_ids on SQLite: the family as text tokens, ' t1 t2 t15 '."""

    column = "theme_ids"

    def __init__(self):
        from django.db.models import TextField

        super().__init__(TextField())


class _ThemeIds(_Column):
    """Paragraph.theme_ids, the theme family kept by triggers (PostgreSQL: integer[])."""

    column = "theme_ids"

    def __init__(self):
        from django.contrib.postgres.fields import ArrayField
        from django.db.models import IntegerField

        super().__init__(ArrayField(IntegerField()))


class _ThemeIdsText(_ThemeTokens):
    """Paragraph.theme_ids on PostgreSQL as text, '1 2 15': psycopg2 parses an integer[] into a list at about
    1.8 µs a row, and the counts only need its tokens (family_counts)."""

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return f"array_to_string({sql}, ' ')", params


def _pg_query(parsed):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(parsed.as_websearch(), search_type="websearch", config="english")


def _is_postgres():
    return connection.vendor == "postgresql"


def matching(queryset, parsed):
    """The paragraphs of the queryset that match (and carry parsed.themes); safe to use as a subquery (facets
    count through it)."""
    if not parsed:
        return queryset.none()
    if _is_postgres():
        # The theme test first: a walk (RankedIds) then tests the words only on the rows in the themes.
        queryset = in_themes(queryset, parsed.themes)
        return queryset.alias(search_vector=_SearchVector()).filter(search_vector=_pg_query(parsed))
    return _fts5_matching(queryset, parsed.as_fts5())


def in_themes(queryset, theme_ids):
    """The paragraphs of the queryset whose theme family holds every one of theme_ids (a parent's id matches its
    sub-themes' paragraphs)."""
    theme_ids = sorted({int(pk) for pk in theme_ids})
    if not theme_ids:
        return queryset
    if _is_postgres():
        # @> on the column: with a search the (search_vector, theme_ids) GIN index; in date order a filter on the
        # (date, id) INCLUDE (theme_ids, ...) index's entries
        return queryset.alias(theme_ids=_ThemeIds()).filter(theme_ids__contains=theme_ids)
    # LIKE ' t1 ' on the tokens, tested on the (date, id, theme_ids) covering index's entries in date order;
    # not the FTS5 column, whose posting list of a dense theme costs more to gather than the walk.
    queryset = queryset.alias(theme_ids=_ThemeTokens())
    for pk in theme_ids:
        queryset = queryset.filter(theme_ids__contains=f" t{pk} ")
    return queryset


def _fts5_matching(queryset, expression):
    match_ids = RawSQL(  # noqa: S611 (constant SQL; the expression is a parameter)
        "SELECT rowid FROM declarations_paragraph_fts WHERE declarations_paragraph_fts MATCH %s",
        [expression],
    )
    return queryset.filter(id__in=match_ids)


def by_relevance(queryset, parsed):
    """Order matching paragraphs best first (ties by date); only for the top-level listing query."""
    if not parsed:
        return queryset
    if _is_postgres():
        from django.contrib.postgres.search import SearchRank

        rank = SearchRank(_SearchVector(), _pg_query(parsed), cover_density=True)
        return queryset.annotate(rank=rank).order_by("-rank", "date", "id")
    # bm25() needs the FTS table in the same query: join it (lower bm25 is better). The theme tokens' column
    # weighs 0: a theme filter must not change the order of the matches.
    return queryset.extra(  # noqa: S610 (constant SQL; the query is a parameter)
        tables=["declarations_paragraph_fts"],
        where=[
            "declarations_paragraph_fts.rowid = declarations_paragraph.id",
            "declarations_paragraph_fts MATCH %s",
        ],
        params=[parsed.as_fts5()],
        select={"rank": "bm25(declarations_paragraph_fts, 1.0, 0.0)"},
    ).order_by("rank", "date", "id")


RANK_CANDIDATES = 1_000
NEWS = "news"  # Document.Kind.NEWS: this module imports no model


CANDIDATE_COLUMNS = ("id", "date", "rank", "summit_id", "kind", "family", "quoted")


# A candidate is a plain tuple of these columns (the theme family as a sequence of ids): a thousand named tuples
# and sets a request cost more than their counting (issue 7). These name its places.
ID, DATE, RANK, SUMMIT, KIND, FAMILY, QUOTED = range(7)


class RankedIds:
    """Ids of the matching paragraphs, best first, ranked among the first `candidates` matches only.

    Ranking means reading every ranked paragraph's vector (PostgreSQL) or doclist entry (SQLite); a common word
    matches 160,000 of a million paragraphs, and ranking them all costs about 340 ms (issue 7). The first
    RANK_CANDIDATES matches in the table's own order (insertion order; rowid order in FTS5) are ranked instead,
    which costs the same whatever the word, and the page says "only the first 1,000 matches are ranked". A rare
    word or a narrow filter has fewer matches than that, and its ranking is exact. Ties go to the older
    paragraph, as before. Sliced like a queryset by the paginator. One match more than that is fetched: it
    only tells that the matches go on (the count says "1,000+"). 1,000 rather than 2,000 since measuring at a
    million paragraphs: finding the candidates is a walk that stops when it has them, so half as many cost
    about half as much (raw SQL: a common word 17 -> 11 ms; with a common theme 68 -> 43 ms).

    The candidates are fetched once, with what the browser's counts and facets need (summit, kind, theme
    family), and sorted here: finding the matches (the index bitmap of a common word, 40 ms at a million
    paragraphs) is most of a search's cost, so the counts read the same rows instead of finding them again
    (counts.from_candidates).
    """

    def __init__(self, queryset, parsed, candidates=None, walkable=False):
        self.queryset, self.parsed = queryset, parsed
        self.candidates = RANK_CANDIDATES if candidates is None else candidates
        # False with filters whose matches sit in one part of the table or that probe an index per row.
        self.walkable = walkable
        self._rows = None

    def _ranked(self, using=None, block_range=None):
        """The candidates' query; block_range: (first, past) tids as strings, whose objects become its
        parameters (_compiled finds them there)."""
        queryset = self.queryset.order_by()
        if using is not None:
            queryset = queryset.using(using)
        if block_range is not None:  # only the rows in these blocks
            queryset = queryset.extra(
                where=["declarations_paragraph.ctid >= %s::tid AND declarations_paragraph.ctid < %s::tid"],
                params=list(block_range),
            )
        if _is_postgres():
            from django.contrib.postgres.search import SearchRank

            # ts_rank, not ts_rank_cd: cover density walks the positions of every match, ts_rank only weighs
            # them; on 2,000 candidates it measured ~5 ms (7%) cheaper. Most of the cost is reading the vectors.
            rank = SearchRank(_SearchVector(), _pg_query(self.parsed))
            ranked = queryset.annotate(rank=rank, family=theme_family())
        else:
            ranked = queryset.annotate(family=theme_family()).extra(  # noqa: S610 (constant SQL; query in params)
                tables=["declarations_paragraph_fts"],
                where=[
                    "declarations_paragraph_fts.rowid = declarations_paragraph.id",
                    "declarations_paragraph_fts MATCH %s",
                ],
                params=[self.parsed.as_fts5()],
                select={"rank": "bm25(declarations_paragraph_fts, 1.0, 0.0)"},
            )
        return ranked.values_list(*CANDIDATE_COLUMNS)[: self.candidates + 1]

    def rows(self):
        """The candidates (tuples of CANDIDATE_COLUMNS), in the order the database found them, fetched once."""
        if self._rows is None:
            try:
                fetched = self._fetch()
            except EmptyResultSet:
                fetched = []
            self._rows = fetched
        return self._rows

    def _fetch(self):
        if not _is_postgres():
            return driver_rows(self._ranked())
        # The bitmap of a common word holds 170,000 rows (with a common theme, 60,000): in PostgreSQL's default
        # 4 MB it turns lossy, and the heap scan then rechecks whole pages (10,000 rows read for 2,000 matches,
        # 195 ms); 16 MB keeps them exact (87 ms; both measured when 2,000 were ranked). For these queries
        # only: SET LOCAL ends with the transaction, and inside a caller's transaction the settings are put
        # back. No savepoint: a read has nothing to roll back to. On a replica when the router reads from one
        # (it sends reads inside a transaction on the primary to the primary: this one is opened here).
        alias = self.queryset.db
        database = connections[alias]
        nested = database.in_atomic_block
        with transaction.atomic(using=alias, savepoint=False), database.cursor() as cursor:
            if nested:
                cursor.execute(
                    f"SELECT {', '.join(f'current_setting({name!r})' for name in PLANNER_SETTINGS)}"
                )
                saved = cursor.fetchone()
            rows = self._candidates(cursor, alias)
            if nested:
                marks = ", ".join(f"set_config({name!r}, %s, true)" for name in PLANNER_SETTINGS)
                cursor.execute(f"SELECT {marks}", saved)
            return rows

    def _candidates(self, cursor, alias):
        # Compiled once (each compilation costs about 1 ms): with a walkable search, a block range whose bounds
        # are parameters, the whole table unless a walk narrows it. An unbounded range changes neither the
        # planner's estimate nor its plan (a filter on the bitmap heap scan's rows). Each query goes with its
        # SET LOCALs in one round trip.
        sql, params, bounded = self._compiled(alias, block_range=self.walkable)
        blocks = self._blocks_to_walk(cursor, sql, params) if self.walkable else None
        if blocks is None:
            return fetched(cursor, f"SET LOCAL work_mem = '16MB'; {sql}", params)
        walked = fetched(
            cursor,
            "SET LOCAL work_mem = '16MB'; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = off; "
            + sql,
            bounded(0, blocks),
        )
        if len(walked) > self.candidates:
            return walked
        # Fewer matches there than the estimate promised: the rest from the index, after those blocks. A row
        # updated since the walk read it may have moved past them and be found again: once is enough.
        rest = fetched(
            cursor,
            f"SET LOCAL enable_bitmapscan = on; SET LOCAL enable_indexscan = on; {sql}",
            bounded(blocks, PAST_THE_LAST_BLOCK),
        )
        walked_ids = {row[ID] for row in walked}
        rest = [row for row in rest if row[ID] not in walked_ids]
        return walked + rest[: self.candidates + 1 - len(walked)]

    def _compiled(self, alias, block_range):
        """(sql, params, bounded): the candidates' query compiled for the database alias; with block_range, a
        range over the whole table whose bounds bounded(first_block, past_block) gives new params for."""
        if not block_range:
            return (*compiled(self._ranked(alias)), None)
        first, past = _tid(0), _tid(PAST_THE_LAST_BLOCK)
        sql, params = compiled(self._ranked(alias, block_range=(first, past)))
        # The bounds' own objects, not equal strings: nothing else the query carries can be taken for them.
        places = [next(i for i, p in enumerate(params) if p is bound) for bound in (first, past)]

        def bounded(first_block, past_block):
            chosen = list(params)
            chosen[places[0]], chosen[places[1]] = _tid(first_block), _tid(past_block)
            return chosen

        return sql, params, bounded

    def _blocks_to_walk(self, cursor, sql, params):
        """How many of the table's first blocks to read for the candidates (a walk), or None for the index.

        The index builds a bitmap of every match before the LIMIT can stop anything: "terrorism" within the
        security family, 100,000 matches at a million paragraphs, cost 120 ms; the first 1,001 of them lie in
        the table's first 3,000 blocks, which a TID range scan reads in 14 ms. The same walk for a rare match
        would read the whole table. So the planner's own estimate of the matches (EXPLAIN, the statistics of
        both columns) decides, with the costs measured per row walked and per match in a bitmap (walk_blocks).
        Both ways give the same candidates when the index's plan is a bitmap heap scan or a sequential scan
        (words, themes, states, kind): the first matches in block order. A phrase is left to the index: testing
        word positions on every walked row cost twice what the index did.
        """
        if any(len(term.words) > 1 for group in self.parsed.groups for term in group):
            return None
        if cursor.db.pg_version < 140000:  # TID range scans came with PostgreSQL 14
            return None
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0][0]["Plan"]
        while plan["Node Type"] == "Limit":  # the candidates' LIMIT: the estimate is the scan's beneath it
            plan = plan["Plans"][0]
        matches = plan["Plan Rows"]
        rows, pages = _table_size(cursor)
        return walk_blocks(matches, rows, pages, self.candidates)

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.step is not None:
            raise TypeError("RankedIds takes a slice without a step")
        ranked = self.rows()[: self.candidates]  # the extra one only tells that more matched
        # Best first; on a tie a document's own text before news about it (issue 16), then the older paragraph
        # (date, then id). PostgreSQL: a higher ts_rank is better; SQLite: a lower bm25 is better.
        sign = -1 if _is_postgres() else 1

        def order(row):
            return (sign * row[RANK], row[KIND] == NEWS, row[DATE], row[ID])

        start, stop = window.start or 0, window.stop
        if isinstance(stop, int) and stop >= 0 and start >= 0:
            # A page needs only the best `stop`: a heap of them costs half a sort of a thousand (page 1).
            best_first = heapq.nsmallest(stop, ranked, key=order)
        else:
            best_first = sorted(ranked, key=order)
        return [candidate[ID] for candidate in best_first[window]]


def compiled(queryset):
    """(sql, params) of a queryset, for the database the router reads it from; EmptyResultSet if it cannot
    match anything."""
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def fetched(cursor, sql, params):
    """The rows of the last statement in sql (psycopg2 gives those of the last one)."""
    cursor.execute(sql, params)
    return cursor.fetchall()


def driver_rows(queryset):
    """The rows of a values_list queryset as the database driver gives them, without Django's per-row
    converters: a thousand candidates went through them at about 2 µs a row. What differs is harmless here:
    SQLite gives the date as an ISO string, which sorts as the date does."""
    # Django 5.2 selects a values_list()'s columns in the order given (Query.selected), extra ones included.
    # On the database the queryset reads from (the router's choice, or the one given with using()).
    sql, params = compiled(queryset)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# What RankedIds sets for its queries, and puts back inside a caller's transaction.
PLANNER_SETTINGS = ("work_mem", "enable_bitmapscan", "enable_indexscan")

# Costs measured at a million paragraphs on PostgreSQL 15 (2 cores): reading and testing one row in a TID range
# scan, and putting one match into a GIN bitmap (posting lists decoded, bitmap built). WALK_REACH: how many
# times the expected number of blocks a walk may read before the index takes over for the rest.
WALK_ROW_MS = 0.0017
BITMAP_MATCH_MS = 0.0009
WALK_REACH = 2


# Past any block a table can have (block numbers are 32 bits): the upper bound of a range that bounds nothing.
PAST_THE_LAST_BLOCK = 2**32 - 1


def _tid(block):
    return f"({block},0)"


def walk_blocks(matches, rows, pages, candidates):
    """The number of blocks to walk from the start of a table of `rows` rows in `pages` blocks to find
    `candidates` + 1 of an estimated `matches`, or None when building the index's bitmap is cheaper."""
    if rows <= 0 or pages <= 0 or matches <= candidates:
        return None
    to_walk = (candidates + 1) * rows / matches  # rows read until enough matches, if they are spread evenly
    if to_walk * WALK_ROW_MS >= matches * BITMAP_MATCH_MS:
        return None
    return max(1, math.ceil(WALK_REACH * to_walk * pages / rows))


TABLE_SIZE_KEY = "declarations:paragraph-table-size"


def _table_size(cursor):
    """(rows, blocks) of the paragraph table as the statistics know them, read every few minutes."""
    size = cache.get(TABLE_SIZE_KEY)
    if size is None:
        cursor.execute(
            "SELECT reltuples, relpages FROM pg_class WHERE oid = 'declarations_paragraph'::regclass"
        )
        size = cursor.fetchone()
        cache.set(TABLE_SIZE_KEY, size, 300)
    return size


class _GroupConcat(Aggregate):
    function = "GROUP_CONCAT"
    output_field = CharField()


def linked_ids(through, column):
    """A subquery: the `column` ids of the outer paragraph's rows in one of its many-to-many tables (tags, states),
    as one value (PostgreSQL: an array; SQLite: "1,2,3"; no order). ids_of() reads it. A download reads them with
    its rows: per 2,000 rows of a list at a million paragraphs, 41 ms against 66 ms for the rows, their tags and
    their states by three queries (figures: README, Downloads)."""
    rows = through.objects.filter(paragraph_id=OuterRef("pk")).order_by().values("paragraph_id")
    if _is_postgres():
        from django.contrib.postgres.aggregates import ArrayAgg

        return Subquery(rows.annotate(ids=ArrayAgg(column)).values("ids"))
    return Subquery(rows.annotate(ids=_GroupConcat(column)).values("ids"))


def ids_of(value):
    """The ids a linked_ids() value holds."""
    if not value:
        return []
    if isinstance(value, list):
        return value
    return [int(part) for part in value.split(",")]


def theme_family():
    """The paragraph's theme family as text tokens, to annotate a paragraph query with (count them with
    family_counts): PostgreSQL '1 2 15', SQLite ' t1 t2 t15 '."""
    return _ThemeIdsText() if _is_postgres() else _ThemeTokens()


def family_counts(families):
    """{theme id: how many of these families hold it}, from families as theme_family() gives them. The
    tokens are counted as strings and only the few distinct ones turned into ids."""
    counts = Counter(chain.from_iterable(map(str.split, families)))
    return {int(token.lstrip("t")): count for token, count in counts.items()}


def highlights(model, parsed, ids):
    """{paragraph id: safe HTML of its whole text with the matches in <mark>} for a page of results (one query)."""
    ids = [int(pk) for pk in ids]
    if not parsed or not ids:
        return {}
    table = model._meta.db_table
    with connections[model.objects.all().db].cursor() as cursor:
        if _is_postgres():
            cursor.execute(
                f"SELECT id, ts_headline('english'::regconfig, text, websearch_to_tsquery('english'::regconfig, %s), "  # noqa: S608 (table from _meta)
                f"%s) FROM {table} WHERE id = ANY(%s)",
                [parsed.as_websearch(), HEADLINE_OPTIONS, ids],
            )
        else:
            cursor.execute(
                "SELECT rowid, highlight(declarations_paragraph_fts, 0, char(2), char(3)) "
                "FROM declarations_paragraph_fts WHERE declarations_paragraph_fts MATCH %s "
                "AND rowid IN (SELECT value FROM json_each(%s))",
                [parsed.as_fts5(), json.dumps(ids)],
            )
        rows = cursor.fetchall()
    return {pk: marked(text) for pk, text in rows}


# ts_headline's options: the whole text (HighlightAll), each match between START and STOP.
HEADLINE_OPTIONS = f"StartSel='{START}', StopSel='{STOP}', HighlightAll=true"

_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")


def _plain(part):
    return part.replace(START, "").replace(STOP, "")


def marked(text):
    """The text from the database, escaped, with its highlight markers (and only those) turned into <mark>."""
    # split() with one group alternates plain text and marked text; stray markers are dropped.
    parts = _MARKED.split(text or "")
    pairs = [(_plain(parts[i]), parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    return format_html_join("", "{}<mark>{}</mark>", pairs) + format_html_join(
        "", "{}", [(_plain(parts[-1]),)]
    )
