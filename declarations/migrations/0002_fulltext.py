"""Full-text search structures, one per database (see declarations/search.py for the queries).

PostgreSQL: a stored generated tsvector column with a constant configuration ('english'), so it cannot drift
from the text, and a named GIN index on it.
SQLite: an FTS5 external-content table over the paragraph table with the porter stemmer, kept in sync by
triggers, so it cannot drift either.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE declarations_paragraph ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(text, ''))) STORED",
    "CREATE INDEX paragraph_search_vector_gin ON declarations_paragraph USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS paragraph_search_vector_gin",
    "ALTER TABLE declarations_paragraph DROP COLUMN IF EXISTS search_vector",
]

SQLITE_FORWARD = [
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
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS declarations_paragraph_fts_au",
    "DROP TRIGGER IF EXISTS declarations_paragraph_fts_ad",
    "DROP TRIGGER IF EXISTS declarations_paragraph_fts_ai",
    "DROP TABLE IF EXISTS declarations_paragraph_fts",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("declarations", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
