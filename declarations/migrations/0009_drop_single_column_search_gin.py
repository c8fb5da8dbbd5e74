"""Drop the words-only GIN index of 0002 (PostgreSQL): 0007's (search_vector, theme_ids) GIN index answers
a search without a theme just as well, from its first column.

Measured at a million paragraphs (EXPLAIN ANALYZE, issue 7): the bitmap of "three evils" (36,337 matches)
took 10.4 ms from the words-only index and 10.2 ms from the two-column one, "glaciers" 0.4 and 0.2 ms; the
planner already preferred the two-column index for most searches. One GIN index less to keep up on every
paragraph write and to rebuild after a bulk load.
"""

from django.db import migrations

INDEX = "paragraph_search_vector_gin"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON declarations_paragraph USING gin (search_vector)")


class Migration(migrations.Migration):
    dependencies = [("declarations", "0008_search_vector_inline")]

    operations = [migrations.RunPython(drop, create)]
