# ruff: noqa: S608 -- the SQL below is constant: built from table and column names and NEW/OLD references only
"""Each paragraph's theme family on its own row, kept by the database (issue 7: search + theme at a million rows).

A theme filter used to probe the tag table once per paragraph walked, and a search plus a theme could not use
both indexes at once: the tags live in another table. Now every paragraph carries the ids of its themes and of
their parents (a filter by a parent theme is "the parent's id is in the family", which is how the taxonomy's
rule "a parent matches whatever its children match" reads), maintained by triggers on the tag and theme tables,
so it cannot drift from the tags whatever writes them: the importer, retagging (bulk_create, queryset delete),
the admin, or raw SQL. Django does not know the column (SQLite has no array type); search.py queries it.

PostgreSQL: `theme_ids integer[]`, with
- a two-column GIN index on (search_vector, theme_ids), so `search_vector @@ q AND theme_ids @> '{a,b}'` is one
  index scan that skips through the common word's posting list by the theme's (GIN's fast scan): "terrorism"
  within "afghanistan" 60 -> 21 ms, within "economy" 80 -> 45 ms at a million paragraphs, where a BitmapAnd of
  two one-column GIN indexes built both bitmaps whole (170,000 and 290,000 rows);
- a partial (date, id) INCLUDE (theme_ids, summit_id, kind) WHERE published btree, so a date-ordered theme
  filter (page 200 of two themes and a year range) is an index-only walk that tests each entry's family without
  reading the row, and its counts and facets (summit, kind, theme: browsing.bounded) read the same entries;
- statement-level triggers with transition tables: retagging inserts thousands of tags in one statement and
  each paragraph is then recomputed once, set-wise.

SQLite: `theme_ids` text of tokens (" t1 t2 t15 ", spaces at both ends so `LIKE '% t1 %'` finds a whole
token), kept by row triggers, and
- indexed as a second column of the FTS5 table, so `MATCH 'text : (terrorism) AND theme_ids : "t8"'`
  intersects posting lists inside FTS5 (the FTS table is rebuilt, its triggers recreated for both columns);
- in a covering partial index (date, id, theme_ids, summit_id, kind, published) WHERE published, for theme
  filters without a search: a walk in date order that tests each entry's tokens and never reads the row,
  counts included (a dense theme's FTS5 posting list, 80,000 ids at 200,000 paragraphs, cost 140 ms to turn
  into a set before page 200 could be found).

The corpus loader disables these triggers during a bulk load and writes the column itself (corpus/loader.py).
"""

from django.db import migrations

# The family of paragraph `pid`: its themes' ids and their parents' ids, without repeats.
PG_FUNCTIONS = [
    """
    CREATE FUNCTION declarations_theme_family(pid bigint) RETURNS integer[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(DISTINCT f.id ORDER BY f.id), '{}')::integer[] FROM (
            SELECT t.theme_id AS id FROM declarations_paragraphtheme t WHERE t.paragraph_id = pid
            UNION
            SELECT th.parent_id FROM declarations_paragraphtheme t
                JOIN declarations_theme th ON th.id = t.theme_id
                WHERE t.paragraph_id = pid AND th.parent_id IS NOT NULL
        ) f
    $$
    """,
    # Recompute the paragraphs whose tags a statement changed (the changed ids are in a transition table).
    """
    CREATE FUNCTION declarations_paragraphtheme_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE declarations_paragraph p SET theme_ids = declarations_theme_family(p.id)
                WHERE p.id IN (SELECT paragraph_id FROM new_tags);
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE declarations_paragraph p SET theme_ids = declarations_theme_family(p.id)
                WHERE p.id IN (SELECT paragraph_id FROM old_tags);
        ELSE
            UPDATE declarations_paragraph p SET theme_ids = declarations_theme_family(p.id)
                WHERE p.id IN (SELECT paragraph_id FROM old_tags UNION SELECT paragraph_id FROM new_tags);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    # A theme moved under another parent: every paragraph tagged with it has a new family.
    """
    CREATE FUNCTION declarations_theme_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE declarations_paragraph p SET theme_ids = declarations_theme_family(p.id)
            WHERE p.id IN (
                SELECT t.paragraph_id FROM declarations_paragraphtheme t JOIN new_themes n ON n.id = t.theme_id
                JOIN old_themes o ON o.id = n.id WHERE o.parent_id IS DISTINCT FROM n.parent_id
            );
        RETURN NULL;
    END
    $$
    """,
]
PG_TRIGGERS = [
    "CREATE TRIGGER paragraphtheme_family_ins AFTER INSERT ON declarations_paragraphtheme "
    "REFERENCING NEW TABLE AS new_tags FOR EACH STATEMENT EXECUTE FUNCTION declarations_paragraphtheme_refresh()",
    "CREATE TRIGGER paragraphtheme_family_del AFTER DELETE ON declarations_paragraphtheme "
    "REFERENCING OLD TABLE AS old_tags FOR EACH STATEMENT EXECUTE FUNCTION declarations_paragraphtheme_refresh()",
    "CREATE TRIGGER paragraphtheme_family_upd AFTER UPDATE ON declarations_paragraphtheme "
    "REFERENCING OLD TABLE AS old_tags NEW TABLE AS new_tags "
    "FOR EACH STATEMENT EXECUTE FUNCTION declarations_paragraphtheme_refresh()",
    "CREATE TRIGGER theme_family_upd AFTER UPDATE ON declarations_theme "
    "REFERENCING OLD TABLE AS old_themes NEW TABLE AS new_themes "
    "FOR EACH STATEMENT EXECUTE FUNCTION declarations_theme_refresh()",
]
# One set-based fill (the column's default, '{}', is right for untagged paragraphs).
PG_FILL = """
UPDATE declarations_paragraph p SET theme_ids = f.ids FROM (
    SELECT paragraph_id, array_agg(DISTINCT id ORDER BY id)::integer[] AS ids FROM (
        SELECT t.paragraph_id, t.theme_id AS id FROM declarations_paragraphtheme t
        UNION ALL
        SELECT t.paragraph_id, th.parent_id FROM declarations_paragraphtheme t
            JOIN declarations_theme th ON th.id = t.theme_id WHERE th.parent_id IS NOT NULL
    ) family GROUP BY paragraph_id
) f WHERE p.id = f.paragraph_id
"""
POSTGRES_FORWARD = [
    "ALTER TABLE declarations_paragraph ADD COLUMN theme_ids integer[] NOT NULL DEFAULT '{}'",
    *PG_FUNCTIONS,
    *PG_TRIGGERS,
    PG_FILL,
    # search + theme filter: one scan of both conditions
    "CREATE INDEX paragraph_text_themes_gin ON declarations_paragraph USING gin (search_vector, theme_ids)",
    # theme filters in date order, deep pages included: an index-only walk that never reads a row
    "CREATE INDEX paragraph_date_themes_idx ON declarations_paragraph (date, id) "
    "INCLUDE (theme_ids, summit_id, kind) WHERE published",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS paragraph_date_themes_idx",
    "DROP INDEX IF EXISTS paragraph_text_themes_gin",
    "DROP TRIGGER IF EXISTS theme_family_upd ON declarations_theme",
    "DROP TRIGGER IF EXISTS paragraphtheme_family_upd ON declarations_paragraphtheme",
    "DROP TRIGGER IF EXISTS paragraphtheme_family_del ON declarations_paragraphtheme",
    "DROP TRIGGER IF EXISTS paragraphtheme_family_ins ON declarations_paragraphtheme",
    "DROP FUNCTION IF EXISTS declarations_theme_refresh()",
    "DROP FUNCTION IF EXISTS declarations_paragraphtheme_refresh()",
    "DROP FUNCTION IF EXISTS declarations_theme_family(bigint)",
    "ALTER TABLE declarations_paragraph DROP COLUMN IF EXISTS theme_ids",
]


def sqlite_family(paragraph_id):
    """SQL for the family tokens of a paragraph (' t1 t2 t15 ', '' for none); order does not matter."""
    return (
        "(SELECT coalesce(' ' || group_concat('t' || f.id, ' ') || ' ', '') FROM ("
        f"SELECT t.theme_id AS id FROM declarations_paragraphtheme t WHERE t.paragraph_id = {paragraph_id} "
        "UNION SELECT th.parent_id FROM declarations_paragraphtheme t "
        "JOIN declarations_theme th ON th.id = t.theme_id "
        f"WHERE t.paragraph_id = {paragraph_id} AND th.parent_id IS NOT NULL) f)"
    )


def sqlite_refresh(paragraph_id):
    return f"UPDATE declarations_paragraph SET theme_ids = {sqlite_family(paragraph_id)} WHERE id = {paragraph_id};"


# The tag triggers, by name: the corpus loader drops them for a bulk load and recreates them from here.
SQLITE_TAG_TRIGGERS = {
    "paragraphtheme_family_ai": "CREATE TRIGGER paragraphtheme_family_ai AFTER INSERT ON declarations_paragraphtheme "
    f"BEGIN {sqlite_refresh('new.paragraph_id')} END",
    "paragraphtheme_family_ad": "CREATE TRIGGER paragraphtheme_family_ad AFTER DELETE ON declarations_paragraphtheme "
    f"BEGIN {sqlite_refresh('old.paragraph_id')} END",
    "paragraphtheme_family_au": "CREATE TRIGGER paragraphtheme_family_au "
    "AFTER UPDATE OF paragraph_id, theme_id ON declarations_paragraphtheme "
    f"BEGIN {sqlite_refresh('old.paragraph_id')} {sqlite_refresh('new.paragraph_id')} END",
}
SQLITE_FTS_TRIGGERS = [
    "CREATE TRIGGER declarations_paragraph_fts_ai AFTER INSERT ON declarations_paragraph BEGIN "
    "INSERT INTO declarations_paragraph_fts(rowid, text, theme_ids) VALUES (new.id, new.text, new.theme_ids); END",
    "CREATE TRIGGER declarations_paragraph_fts_ad AFTER DELETE ON declarations_paragraph BEGIN "
    "INSERT INTO declarations_paragraph_fts(declarations_paragraph_fts, rowid, text, theme_ids) "
    "VALUES ('delete', old.id, old.text, old.theme_ids); END",
    "CREATE TRIGGER declarations_paragraph_fts_au AFTER UPDATE OF text, theme_ids ON declarations_paragraph "
    "BEGIN INSERT INTO declarations_paragraph_fts(declarations_paragraph_fts, rowid, text, theme_ids) "
    "VALUES ('delete', old.id, old.text, old.theme_ids); "
    "INSERT INTO declarations_paragraph_fts(rowid, text, theme_ids) VALUES (new.id, new.text, new.theme_ids); END",
]
SQLITE_OLD_FTS = [  # 0002's table and triggers, text only
    "DROP TRIGGER IF EXISTS declarations_paragraph_fts_au",
    "DROP TRIGGER IF EXISTS declarations_paragraph_fts_ad",
    "DROP TRIGGER IF EXISTS declarations_paragraph_fts_ai",
    "DROP TABLE IF EXISTS declarations_paragraph_fts",
]
SQLITE_FORWARD = [
    "ALTER TABLE declarations_paragraph ADD COLUMN theme_ids text NOT NULL DEFAULT ''",
    *SQLITE_OLD_FTS,
    "UPDATE declarations_paragraph SET theme_ids = "
    + sqlite_family("declarations_paragraph.id")
    + " WHERE id IN (SELECT paragraph_id FROM declarations_paragraphtheme)",
    "CREATE VIRTUAL TABLE declarations_paragraph_fts USING fts5(text, theme_ids, "
    "content='declarations_paragraph', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    *SQLITE_FTS_TRIGGERS,
    *SQLITE_TAG_TRIGGERS.values(),
    "CREATE TRIGGER theme_family_au AFTER UPDATE OF parent_id ON declarations_theme BEGIN "
    "UPDATE declarations_paragraph SET theme_ids = "
    + sqlite_family("declarations_paragraph.id")
    + " WHERE id IN (SELECT paragraph_id FROM declarations_paragraphtheme WHERE theme_id = new.id); END",
    "INSERT INTO declarations_paragraph_fts(declarations_paragraph_fts) VALUES ('rebuild')",
    # theme filters in date order without a search: a covering walk (see above)
    # `published` is a column as well as the condition: without it SQLite does not see the index as covering
    # the query's bare `WHERE published`, and once ANALYZE has run it preferred (date, id) and read every row.
    "CREATE INDEX paragraph_date_themes_idx ON declarations_paragraph "
    "(date, id, theme_ids, summit_id, kind, published) WHERE published",
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS paragraph_date_themes_idx",
    "DROP TRIGGER IF EXISTS theme_family_au",
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TAG_TRIGGERS),
    *SQLITE_OLD_FTS,
    "ALTER TABLE declarations_paragraph DROP COLUMN theme_ids",
    # 0002's text-only table and triggers, as they were
    "CREATE VIRTUAL TABLE declarations_paragraph_fts USING fts5("
    "text, content='declarations_paragraph', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER declarations_paragraph_fts_ai AFTER INSERT ON declarations_paragraph BEGIN "
    "INSERT INTO declarations_paragraph_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER declarations_paragraph_fts_ad AFTER DELETE ON declarations_paragraph BEGIN "
    "INSERT INTO declarations_paragraph_fts(declarations_paragraph_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER declarations_paragraph_fts_au AFTER UPDATE OF text ON declarations_paragraph BEGIN "
    "INSERT INTO declarations_paragraph_fts(declarations_paragraph_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO declarations_paragraph_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO declarations_paragraph_fts(declarations_paragraph_fts) VALUES ('rebuild')",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("declarations", "0006_browser_indexes")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
