"""Raw-SQL floors: what the essential queries of a page cost on the same database, with no framework at all.

For a list page the essentials are the 25 rows of the page (ranked for a search) and the count of all
matches; the page cannot be cheaper than these two, whatever Python does around them. Timed with psycopg2 or
sqlite3 directly, after one warm-up run.
"""

import re
import sqlite3
import statistics
import time

from .load import percentile

PG_SEARCH = "search_vector @@ websearch_to_tsquery('english', :q)"
PG_RANK = "ts_rank_cd(search_vector, websearch_to_tsquery('english', :q))"
FTS_JOIN = "declarations_paragraph_fts f JOIN declarations_paragraph p ON p.id = f.rowid"


def tagged(theme_ids):
    """Paragraphs tagged with one of the theme ids (a theme and its sub-themes): ints from our own database."""
    ids = ", ".join(str(int(i)) for i in theme_ids)
    return f"p.id IN (SELECT paragraph_id FROM declarations_paragraphtheme WHERE theme_id IN ({ids}))"


def floor_queries(vendor, page, params):
    """[(sql, params)] for a page: the page's rows and its count. None when the page has no list to floor."""
    where = ["p.published"]
    if page.get("themes"):
        where += [tagged(ids) for ids in page["themes"]]
    if page.get("years"):
        where.append("p.date BETWEEN :start AND :end")
    offset = (page.get("page", 1) - 1) * 25
    q = page.get("q")
    if vendor == "postgresql":
        if q:
            where.append(PG_SEARCH.replace("search_vector", "p.search_vector"))
            order = f"{PG_RANK.replace('search_vector', 'p.search_vector')} DESC, p.date, p.id"
        else:
            order = "p.date, p.id"
        table = "declarations_paragraph p"
    else:
        if q:
            where.append("declarations_paragraph_fts MATCH :q")
            order = "bm25(declarations_paragraph_fts), p.date, p.id"
            table = FTS_JOIN
        else:
            order, table = "p.date, p.id", "declarations_paragraph p"
    condition = " AND ".join(where)
    rows = f"SELECT p.id FROM {table} WHERE {condition} ORDER BY {order} LIMIT 25 OFFSET {offset}"
    count = f"SELECT count(*) FROM {table} WHERE {condition}"
    return [(rows, params), (count, params)]


def to_pyformat(sql):
    return re.sub(r":(\w+)", r"%(\1)s", sql)


def time_floor(connect, vendor, queries, runs=15):
    """p50 and p95 in ms of running all the queries once, over `runs` runs, plus the count it found."""
    conn = connect()
    try:
        cursor = conn.cursor()
        timings, found = [], None
        for i in range(runs + 1):
            started = time.perf_counter()
            for sql, params in queries:
                cursor.execute(to_pyformat(sql) if vendor == "postgresql" else sql, params)
                result = cursor.fetchall()
            elapsed = (time.perf_counter() - started) * 1000
            found = result[0][0] if result else 0
            if i:  # the first run warms the caches
                timings.append(elapsed)
        timings.sort()
        return {"p50": statistics.median(timings), "p95": percentile(timings, 95), "count": found}
    finally:
        conn.close()


def sqlite_connect(path):
    return lambda: sqlite3.connect(path)


def postgres_connect(dsn):
    import psycopg2

    return lambda: psycopg2.connect(dsn)


def explain(connect, vendor, queries):
    """EXPLAIN ANALYZE (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite) of each query, as text."""
    conn = connect()
    try:
        cursor = conn.cursor()
        out = []
        for sql, params in queries:
            if vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + to_pyformat(sql), params)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            out.append(sql + "\n" + "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall()))
        return "\n\n".join(out)
    finally:
        conn.close()
