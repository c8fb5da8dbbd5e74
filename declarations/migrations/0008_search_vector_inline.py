"""Keep each paragraph's tsvector in its row (PostgreSQL), and leave the text columns to TOAST.

A paragraph row holds its text three times (text, html, source_text: ~550 bytes each) and its tsvector (~620
bytes): past PostgreSQL's 2 kB threshold, and TOAST moves the largest value out of line first, which was the
tsvector. Every search then read each candidate's vector from the TOAST table: for a common word's first 2,000
matches at a million paragraphs, 38,000 buffers and 41 ms. STORAGE MAIN keeps the vector in the row (moved
out only as a last resort, so a very long paragraph still fits) and a text column goes out instead, which only
the 25 shown rows read: 3,000 buffers and 15 ms (EXPLAIN (ANALYZE, BUFFERS); issue 7).

It applies to rows written from now on. Rows already stored move when rewritten: VACUUM FULL
declarations_paragraph (which locks the table; 90 s at a million paragraphs), or not at all on a small archive.
SQLite keeps no vector in the row (its FTS5 index is a table of its own): nothing to do there.
"""

from django.db import migrations


def storage(kind):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE declarations_paragraph ALTER COLUMN search_vector SET STORAGE {kind}"
            )

    return apply


class Migration(migrations.Migration):
    dependencies = [("declarations", "0007_theme_family")]

    operations = [migrations.RunPython(storage("MAIN"), storage("EXTENDED"))]
