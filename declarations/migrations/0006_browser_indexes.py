"""Indexes of the paragraph browser (/paragraphs/) at a million paragraphs (issue 7).

The two partial indexes give the summit and kind filters their rows already in date order, so a page stops after
25 (plus its offset) instead of sorting a summit's 60,000 paragraphs.

SQLite only: a partial index on (date, id) WHERE published. Django writes filter(published=True) as a bare
`WHERE published` on SQLite, and SQLite will not take the order from (published, date, id) unless published is
compared with `=`; the partial index matches that bare term, so the unfiltered browser, the date orders and every
EXISTS filter walk it in order and stop at the page. PostgreSQL already reads `published` as `published = true`.
It lives here rather than in Paragraph.Meta because it is for one database only.
"""

from django.db import migrations, models

SQLITE_FORWARD = [
    "CREATE INDEX paragraph_public_date_idx ON declarations_paragraph (date, id) WHERE published",
]
SQLITE_BACKWARD = ["DROP INDEX IF EXISTS paragraph_public_date_idx"]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0005_page_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="paragraph",
            index=models.Index(
                condition=models.Q(("published", True)),
                fields=["summit", "date", "id"],
                name="paragraph_summit_date_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="paragraph",
            index=models.Index(
                condition=models.Q(("published", True)),
                fields=["kind", "date", "id"],
                name="paragraph_kind_date_idx",
            ),
        ),
        migrations.RunPython(run({"sqlite": SQLITE_FORWARD}), run({"sqlite": SQLITE_BACKWARD})),
    ]
