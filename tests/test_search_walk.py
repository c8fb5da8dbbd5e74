"""A search's candidates found by walking the table's first blocks instead of the index (search.RankedIds,
PostgreSQL; issue 7): when the walk is chosen, and that it finds exactly what the index finds."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from declarations.filters import ParagraphFilter
from declarations.models import Paragraph
from declarations.search import backend as search
from declarations.search import parse
from declarations.search.backend import RankedIds, compiled, walk_blocks

from .factories import make_document, make_paragraphs, searched, theme

MILLION = 1_000_000
BLOCKS = 240_000  # a million paragraphs fill about this many 8 kB blocks


def test_a_dense_match_is_walked_and_a_sparse_one_is_not():
    # "terrorism" within the security family: 100,000 of a million
    dense = walk_blocks(100_000, MILLION, BLOCKS, 1_000)
    assert dense == pytest.approx(2 * 10_010 * BLOCKS / MILLION, abs=1)
    # "glaciers" within security: a thousand matches, which a walk would look for in the whole table
    assert walk_blocks(1_000, MILLION, BLOCKS, 1_000) is None
    assert walk_blocks(5_000, MILLION, BLOCKS, 1_000) is None
    # the index's bitmap of 30,000 costs less than reading 33,000 rows
    assert walk_blocks(30_000, MILLION, BLOCKS, 1_000) is None


def test_no_walk_without_statistics_or_with_fewer_matches_than_candidates():
    assert walk_blocks(100_000, -1, 0, 1_000) is None  # never analyzed
    assert walk_blocks(1_000, 1_000, 10, 1_000) is None
    assert walk_blocks(900, MILLION, BLOCKS, 1_000) is None


def test_the_walk_never_reads_less_than_a_block():
    assert walk_blocks(1_000, 2_000, 1, 2) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, walkable",
    [
        ({"q": "terrorism"}, True),
        ({"q": "terrorism", "theme": "drugs", "kind": "statement"}, True),
        ({"q": "terrorism", "state": "russia"}, False),
        ({"q": "terrorism", "summit": "2013-bishkek"}, False),
        ({"q": "terrorism", "year_from": "2010"}, False),
        ({"q": "terrorism", "year_to": "2020"}, False),
    ],
)
def test_filters_that_gather_matches_in_one_part_of_the_table_are_never_walked(params, walkable):
    filterset = ParagraphFilter(QueryDict(urlencode(params)), queryset=Paragraph.objects.public())
    assert filterset.is_valid()
    assert filterset.results().ids.walkable is walkable


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the walk is a TID range scan: PostgreSQL only (SQLite's FTS5 has no bitmap to avoid)")


@pytest.fixture
def many_matches():
    for slug in ("2013-bishkek", "2018-qingdao", "2019-bishkek"):
        document = make_document(summit_slug=slug)
        make_paragraphs(document, 30, text="Terrorism threatens the region.", themes=["drugs"])
        make_paragraphs(document, 30, text="Terrorism and health.", themes=["health"])


def ranked(parsed, *, walkable, candidates=40):
    return RankedIds(
        searched(Paragraph.objects.public(), parsed), parsed, candidates=candidates, walkable=walkable
    )


@pytest.mark.django_db
@pytest.mark.parametrize("blocks", [1, 3, 10_000])  # the rest from the index, or all from the walk
def test_the_walk_finds_the_candidates_the_index_finds(many_matches, monkeypatch, blocks):
    needs_postgresql()
    monkeypatch.setattr(search, "walk_blocks", lambda *args: blocks)
    for parsed in (parse("terrorism"), parse("terrorism").within_themes([theme("drugs").pk])):
        expected = ranked(parsed, walkable=False).rows()
        assert len(expected) == 41
        with CaptureQueriesContext(connection) as queries:
            walked = ranked(parsed, walkable=True)
            assert walked.rows() == expected
            assert walked[0:25] == ranked(parsed, walkable=False)[0:25]
        sql = [q["sql"] for q in queries]
        assert any("ctid <" in q for q in sql)
        assert any(q.startswith("EXPLAIN (FORMAT JSON)") for q in sql)


@pytest.mark.django_db
def test_the_walk_is_a_tid_range_scan_of_the_first_blocks(many_matches, monkeypatch):
    needs_postgresql()
    parsed = parse("terrorism").within_themes([theme("drugs").pk])
    sql, params, bounded = ranked(parsed, walkable=True)._compiled("default", block_range=True)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", bounded(0, 5))
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Tid Range Scan" in plan and "'(5,0)'::tid" in plan and "'(0,0)'::tid" in plan


@pytest.mark.django_db
def test_the_planner_estimate_decides_and_a_rare_word_or_a_phrase_uses_the_index(many_matches):
    needs_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE declarations_paragraph")

    # a word in every one of this small table's paragraphs? no: but most of them; its walk is short
    def decide(q):
        candidates = ranked(parse(q), walkable=True, candidates=10)
        with connection.cursor() as cursor:
            return candidates._blocks_to_walk(cursor, *compiled(candidates._ranked()))

    assert decide("terrorism") is not None
    assert decide("jcpoa") is None
    with CaptureQueriesContext(connection) as queries:
        assert decide('"terrorism threatens"') is None
    assert not queries.captured_queries  # decided without asking the planner


@pytest.mark.django_db
@pytest.mark.parametrize("blocks", [1, 10_000])  # with the index's fallback, and without
def test_inside_a_callers_transaction_the_settings_are_put_back(many_matches, monkeypatch, blocks):
    needs_postgresql()
    monkeypatch.setattr(search, "walk_blocks", lambda *args: blocks)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '5MB'; SET LOCAL enable_indexscan = off")
        ranked(parse("terrorism"), walkable=True).rows()  # the test runs inside a transaction
        cursor.execute(
            "SELECT current_setting('work_mem'), current_setting('enable_indexscan'), "
            "current_setting('enable_bitmapscan')"
        )
        assert cursor.fetchone() == ("5MB", "off", "on")


@pytest.mark.django_db
def test_the_walk_runs_with_the_indexes_off_and_the_fallback_with_them_on(many_matches, monkeypatch):
    needs_postgresql()
    monkeypatch.setattr(search, "walk_blocks", lambda *args: 1)
    with CaptureQueriesContext(connection) as queries:
        ranked(parse("terrorism"), walkable=True).rows()
    # Each query goes with its settings, in one round trip: the walk's bounds first, then the fallback's.
    walk, fallback = [
        q["sql"] for q in queries if "ctid <" in q["sql"] and not q["sql"].startswith("EXPLAIN")
    ]
    settings = lambda sql: sql[: sql.index("SELECT")]  # noqa: E731
    assert "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = off;" in settings(walk)
    assert "SET LOCAL enable_bitmapscan = on; SET LOCAL enable_indexscan = on;" in settings(fallback)
    assert "'(0,0)'::tid" in walk and "'(1,0)'::tid" in walk and "'(1,0)'::tid" in fallback


@pytest.mark.django_db
def test_a_row_moved_past_the_walked_blocks_is_a_candidate_once(many_matches, monkeypatch):
    # Updated between the walk and the index's query (another transaction commits in between), a walked row
    # can be found again in a later block: the fallback's rows are given here with the walk's first row again.
    needs_postgresql()
    monkeypatch.setattr(search, "walk_blocks", lambda *args: 10_000)
    walked_everything = ranked(parse("terrorism"), walkable=True).rows()
    with connection.cursor() as cursor:  # walk up to the block of the first match, so the walk finds one
        cursor.execute(
            "SELECT (ctid::text::point)[0]::int FROM declarations_paragraph "
            "WHERE search_vector @@ to_tsquery('english', 'terrorism') ORDER BY ctid LIMIT 1"
        )
        first_block = cursor.fetchone()[0]
    monkeypatch.setattr(search, "walk_blocks", lambda *args: first_block + 1)
    calls = []
    original = search.fetched

    def fetched(cursor, sql, params):
        rows = original(cursor, sql, params)
        calls.append(rows)
        return [calls[0][0], *rows] if len(calls) == 2 and calls[0] else rows

    monkeypatch.setattr(search, "fetched", fetched)
    rows = ranked(parse("terrorism"), walkable=True).rows()
    assert len(calls) == 2 and calls[0]  # a walk that found some, then the index
    ids = [row[search.ID] for row in rows]
    assert len(ids) == len(set(ids)) == 41
    assert set(ids) == {row[search.ID] for row in walked_everything}
