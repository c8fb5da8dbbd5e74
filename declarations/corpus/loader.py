# ruff: noqa: S608 -- the SQL below is built only from model metadata (quoted table and column names), never from input
"""Write a synthetic corpus to the database in bulk, and remove every synthetic document.

A million paragraphs must load in minutes with bounded memory, so rows never go through model instances:
paragraphs, their theme tags and the states they name are streamed in batches, with COPY on PostgreSQL
(psycopg2's copy_expert) and executemany on SQLite. The whole load is one transaction: it lands entirely or
not at all. When the load at least doubles the paragraph table on PostgreSQL, the secondary indexes (the
full-text GIN index above all) and the foreign keys are dropped first and rebuilt once at the end, which is
several times faster than maintaining them row by row; the tables stay locked until the load commits.

Each paragraph's theme family (the theme_ids column, migration 0007) is kept by triggers on the tag table; during
a load or a removal those triggers are switched off (they would rewrite every paragraph row once more) and the
loader writes each new paragraph's family itself, from the same tags it writes (tests/test_theme_family.py
compares the two).
"""

import csv
import html
import io
import queue
import threading
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import CASCADE, DO_NOTHING
from django.utils import timezone

from ..models import Document, Paragraph, ParagraphTheme, State, Summit, Theme
from ..retag import state_names
from ..search import counts as summary_counts
from ..tagging import RuleError, ThemeSpec, parse_rules
from .generator import (
    MAX_PARAGRAPHS,
    MAX_SEED,
    ParagraphWriter,
    SummitInfo,
    paragraph_key,
    plan_documents,
    slug_prefix,
)
from .tagging import CorpusTagger

BATCH = 20_000
# copy_expert reads the batch in chunks of this many characters, taking the GIL for each one: with its default 8 KB,
# the writer thread waited for the generating thread thousands of times a batch, and the two took turns.
COPY_CHUNK = 4 * 1024 * 1024


class CorpusError(Exception):
    pass


@dataclass
class CorpusResult:
    documents: int = 0
    paragraphs: int = 0
    tags: int = 0
    state_mentions: int = 0
    seconds: float = 0.0
    warnings: list = field(default_factory=list)

    def summary(self):
        return (
            f"created {self.documents} documents, {self.paragraphs} paragraphs, {self.tags} theme tags, "
            f"{self.state_mentions} state mentions in {self.seconds:.1f} s"
        )


def theme_specs(warnings):
    specs = []
    for theme in Theme.objects.select_related("parent"):
        try:
            rules = tuple(parse_rules(theme.rules))
        except RuleError as e:  # same policy as retag.build_tagger: a broken theme tags nothing
            warnings.append(f"theme '{theme.slug}': rules skipped: {e}")
            rules = ()
        specs.append(ThemeSpec(theme.slug, theme.parent.slug if theme.parent_id else None, rules))
    return specs


def display_names():
    names = set()
    for state in State.objects.prefetch_related("aliases"):
        names.update([state.short_name, state.name, *(alias.name for alias in state.aliases.all())])
    return sorted(names)


def load_corpus(paragraphs, seed=1, progress=None):
    if not 0 <= seed <= MAX_SEED:
        raise CorpusError(f"--seed must be between 0 and {MAX_SEED}")
    if not 1 <= paragraphs <= MAX_PARAGRAPHS:
        raise CorpusError(f"--paragraphs must be between 1 and {MAX_PARAGRAPHS}")
    if Document.objects.filter(slug__startswith=slug_prefix(seed)).exists():
        raise CorpusError(
            f"a synthetic corpus with seed {seed} is already loaded: remove it first (--remove)"
        )
    summits = [
        SummitInfo(s.id, s.slug, s.city, s.start_date, s.end_date)
        for s in Summit.objects.order_by("start_date")
    ]
    if not summits:
        raise CorpusError("no summits: import the reference data first (manage.py import_seeds)")
    result = CorpusResult()
    started = time.perf_counter()
    tagger = CorpusTagger(theme_specs(result.warnings), state_names())
    writer = ParagraphWriter(seed, tagger.neutral(display_names()))
    theme_ids = dict(Theme.objects.values_list("slug", "id"))
    state_ids = dict(State.objects.values_list("slug", "id"))
    plans = plan_documents(seed, paragraphs, summits)
    with transaction.atomic():
        documents = create_documents(plans, seed)
        result.documents = len(documents)
        sink = PostgresSink() if connection.vendor == "postgresql" else SqliteSink()
        sink.prepare(paragraphs)
        rows = ParagraphRows(writer, tagger, theme_ids, state_ids, seed)
        try:
            for index, row in enumerate(rows.generate(plans, documents), 1):
                sink.add(*row)
                if sink.pending >= BATCH:
                    sink.flush()
                    if progress:
                        progress(index, paragraphs, time.perf_counter() - started)
            sink.flush()
            sink.finish()
        finally:
            sink.close()  # stops the writer thread whatever happened
        # Rows written behind the ORM's back fire no signals: the summary counts are refreshed here.
        summary_counts.refresh({plan.summit.id for plan in plans})
        result.paragraphs, result.tags, result.state_mentions = sink.paragraphs, sink.tags, sink.mentions
    analyze()
    if progress:
        progress(paragraphs, paragraphs, time.perf_counter() - started)
    result.seconds = time.perf_counter() - started
    return result


class ParagraphRows:
    """Each generated paragraph as the sink takes it: its column values, its theme tags, the states it names."""

    def __init__(self, writer, tagger, theme_ids, state_ids, seed):
        self.writer, self.tagger, self.seed = writer, tagger, seed
        self.theme_ids, self.state_ids = theme_ids, state_ids
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())

    def generate(self, plans, documents):
        index = 0
        for plan, document in zip(plans, documents, strict=True):
            date = connection.ops.adapt_datefield_value(plan.date)
            for number in range(1, plan.paragraph_count + 1):
                parts = self.writer.paragraph(plan)
                text = " ".join(parts)
                values = {
                    "document_id": document.pk,
                    "number": number,
                    "key": paragraph_key(self.seed, index),
                    "text": text,
                    # The generated text has no Markdown markup, so its rendering is the escaped text in one
                    # <p> (what rendering.render_markdown gives, at a fraction of the cost; the tests compare
                    # the two).
                    "html": f"<p>{html.escape(text, quote=False)}</p>",
                    "source_text": text,
                    "summit_id": plan.summit.id,
                    "date": date,
                    "kind": plan.kind,
                    "published": plan.published,
                }
                tags = [
                    (self.theme_ids[slug], reason[:300], self.now)
                    for slug, reason in self.tagger.themes(parts).items()
                    if slug in self.theme_ids
                ]
                states = [
                    self.state_ids[slug]
                    for slug in sorted(self.tagger.states(parts))
                    if slug in self.state_ids
                ]
                yield values, tags, states
                index += 1


def create_documents(plans, seed):
    documents = [
        Document(
            summit_id=plan.summit.id,
            slug=plan.slug,
            kind=plan.kind,
            title=plan.title,
            date=plan.date,
            place=plan.summit.city,
            language="en",
            publisher=plan.publisher,
            source_name=f"Synthetic corpus (generate_corpus --seed {seed}), not a real text",
            published=plan.published,
            synthetic=True,
        )
        for plan in plans
    ]
    return Document.objects.bulk_create(documents, batch_size=2000)


def paragraph_columns():
    """Every concrete column of the paragraph table with its default, so a new field cannot be forgotten."""
    return [
        (f.attname, f.column, f.get_default()) for f in Paragraph._meta.concrete_fields if f.attname != "id"
    ]


class Sink:
    """Collects one batch of rows for the three tables and writes it."""

    def __init__(self):
        self.columns = paragraph_columns()
        self.parents = dict(Theme.objects.values_list("id", "parent_id"))
        self.rows, self.tag_rows, self.state_rows = [], [], []
        self.paragraphs = self.tags = self.mentions = 0
        self.ids = iter(())

    @property
    def pending(self):
        return len(self.rows)

    def add(self, values, tags, states):
        pk = self.next_id()
        family = {theme_id for theme_id, _, _ in tags}
        family |= {self.parents[theme_id] for theme_id in family if self.parents.get(theme_id)}
        self.rows.append(
            [
                pk,
                *(values.get(attname, default) for attname, _, default in self.columns),
                self.family_value(sorted(family)),
            ]
        )
        self.tag_rows.extend((pk, theme_id, "rule", reason, created) for theme_id, reason, created in tags)
        self.state_rows.extend((pk, state_id) for state_id in states)

    def flush(self):
        if self.rows:
            self.write()
        self.paragraphs += len(self.rows)
        self.tags += len(self.tag_rows)
        self.mentions += len(self.state_rows)
        self.rows, self.tag_rows, self.state_rows = [], [], []

    def prepare(self, count):
        pass

    def finish(self):
        pass

    def close(self):
        pass


def tables():
    through = Paragraph.states.through._meta
    return (
        (Paragraph._meta.db_table, ["id", *(column for _, column, _ in paragraph_columns()), FAMILY_COLUMN]),
        (ParagraphTheme._meta.db_table, ["paragraph_id", "theme_id", "origin", "rule", "created_at"]),
        (through.db_table, [through.get_field("paragraph").column, through.get_field("state").column]),
    )


FAMILY_COLUMN = "theme_ids"  # unknown to the model: kept by triggers (migration 0007)


def family_triggers_off(cursor):
    """Switch off the triggers that keep paragraphs' theme families; return the statements that switch them on.

    Only for writes that keep the families themselves (a load writes each new paragraph's family) or that make
    them moot (a removal deletes the paragraphs whose tags it deletes).
    """
    tags = connection.ops.quote_name(ParagraphTheme._meta.db_table)
    if connection.vendor == "postgresql":
        cursor.execute(f"ALTER TABLE {tags} DISABLE TRIGGER USER")
        # ALTER TABLE refuses to run while foreign-key checks queued by this transaction wait: run them first.
        return ["SET CONSTRAINTS ALL IMMEDIATE", f"ALTER TABLE {tags} ENABLE TRIGGER USER"]
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
        [ParagraphTheme._meta.db_table],
    )
    restore = []
    for name, sql in cursor.fetchall():
        cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
        restore.append(sql)
    return restore


class PostgresSink(Sink):
    """COPY from a writer thread: PostgreSQL stores batch N while Python generates batch N+1.

    Generating and copying each took about half of a million-paragraph load, one after the other; psycopg2
    releases the GIL while it waits for the server, so the two overlap on two cores. The thread uses the load's
    own connection (same transaction), which nothing else touches until finish(); ids come from the sequence
    over a second connection (a sequence hands out values outside transactions anyway), so that fetching them
    never waits for a COPY. At most one batch waits in the queue: memory stays bounded.
    """

    @staticmethod
    def family_value(theme_ids):
        return "{" + ",".join(map(str, theme_ids)) + "}"

    def prepare(self, count):
        self.rebuild = []
        with connection.cursor() as cursor:
            self.triggers_on = family_triggers_off(cursor)
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(Paragraph._meta.db_table)}")
            if count >= cursor.fetchone()[0]:
                # Run the documents' queued foreign-key checks now: ALTER TABLE refuses to run while any wait.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table, _ in tables():
                    self.rebuild += drop_foreign_keys(cursor, table) + drop_secondary_indexes(cursor, table)
        self.id_connection = connection.get_new_connection(connection.get_connection_params())
        self.id_connection.autocommit = True
        self.batches = queue.Queue(maxsize=1)
        self.failure = None
        self.writer = threading.Thread(
            target=self._copy_batches, args=(connection.connection, copy_statements()), daemon=True
        )
        self.writer.start()

    def next_id(self):
        pk = next(self.ids, None)
        if pk is None:
            # Ids come from the table's own sequence, a batch at a time, so concurrent inserts never collide.
            with self.id_connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [Paragraph._meta.db_table, BATCH],
                )
                self.ids = iter([row[0] for row in cursor.fetchall()])
            pk = next(self.ids)
        return pk

    def write(self):
        self._raise_failure()
        self.batches.put((self.rows, self.tag_rows, self.state_rows))

    def _copy_batches(self, raw_connection, statements):
        """The writer thread: COPY each queued batch until the None that says the load is over. After a
        failure it only drains the queue (so write() never blocks) and the main thread raises the error."""
        while (batch := self.batches.get()) is not None:
            if self.failure is None:
                try:
                    copy_batch(raw_connection, statements, batch)
                except BaseException as e:  # noqa: BLE001 (handed to the main thread, which raises it)
                    self.failure = e

    def _raise_failure(self):
        if self.failure is not None:
            raise self.failure

    def _stop_writer(self):
        if self.writer.is_alive():
            self.batches.put(None)
            self.writer.join()

    def finish(self):
        self._stop_writer()  # the last COPY ends first
        self._raise_failure()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for statement in self.rebuild + self.triggers_on:
                cursor.execute(statement)

    def close(self):
        self._stop_writer()
        self.id_connection.close()


def copy_statements():
    """COPY ... FROM STDIN for the paragraph, tag and state tables, in the order of a batch's row lists."""
    quote = connection.ops.quote_name
    return [
        f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN WITH (FORMAT csv)"
        for table, columns in tables()
    ]


def copy_batch(raw_connection, statements, batch):
    """COPY one batch of paragraph, tag and state rows through a psycopg2 connection."""
    with raw_connection.cursor() as cursor:
        for statement, rows in zip(statements, batch, strict=True):
            buffer = io.StringIO()
            # QUOTE_NONNUMERIC quotes '' so COPY reads an empty string, not NULL; no value here is None.
            csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC).writerows(rows)
            buffer.seek(0)
            cursor.copy_expert(statement, buffer, size=COPY_CHUNK)


def drop_foreign_keys(cursor, table):
    """Drop the table's foreign keys; return the statements that add them back.

    Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: during a bulk load each row queues a check for
    commit time (memory on the server, and CREATE INDEX refuses to run while checks are pending), or, made
    immediate, costs an index probe per row. Added back at the end, each is validated in one join instead.
    """
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    statements = []
    for name, definition in cursor.fetchall():
        cursor.execute(
            f"ALTER TABLE {connection.ops.quote_name(table)} DROP CONSTRAINT {connection.ops.quote_name(name)}"
        )
        statements.append(
            f"ALTER TABLE {connection.ops.quote_name(table)} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
        )
    return statements


def drop_secondary_indexes(cursor, table):
    """Drop the indexes that back no constraint; return the statements that recreate them."""
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        [table],
    )
    statements = []
    for name, definition in cursor.fetchall():
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        statements.append(definition)
    return statements


class SqliteSink(Sink):
    @staticmethod
    def family_value(theme_ids):
        return "".join(f" t{pk}" for pk in theme_ids) + " " if theme_ids else ""

    def prepare(self, count):
        # The transaction already holds SQLite's write lock (the documents are written), so max(id) is ours.
        with connection.cursor() as cursor:
            self.triggers_on = family_triggers_off(cursor)
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {Paragraph._meta.db_table}")
            self.last_id = cursor.fetchone()[0]

    def next_id(self):
        self.last_id += 1
        return self.last_id

    def write(self):
        with connection.cursor() as cursor:
            for (table, columns), rows in zip(
                tables(), (self.rows, self.tag_rows, self.state_rows), strict=True
            ):
                if rows:
                    names = ", ".join(connection.ops.quote_name(c) for c in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def finish(self):
        with connection.cursor() as cursor:
            for statement in self.triggers_on:
                cursor.execute(statement)


def analyze():
    """Statistics for the planner; on PostgreSQL also the visibility map, when outside a transaction.

    The paging and counting walks are index-only scans of (date, id) INCLUDE (...) indexes (migrations 0006,
    0007), which read a heap page for every row whose page the visibility map does not mark all-visible: right
    after a load that is every row, until autovacuum comes by (at a million paragraphs, the paragraph browser's
    pages were 20-60 ms slower). VACUUM sets the map (5 s at a million); it cannot run inside a transaction
    (tests load inside one), where ANALYZE alone is done.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for table, _ in tables():
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")
            cursor.execute(f"{command} {connection.ops.quote_name(Document._meta.db_table)}")
        else:
            cursor.execute("ANALYZE")


def remove_synthetic():
    """Delete every synthetic document and everything hanging off its paragraphs, in a few set-wise DELETEs.

    The ORM's delete() would load a million paragraphs to cascade; instead every table that points at
    Paragraph (found from the model metadata, so a new one is not forgotten) is emptied of the synthetic rows
    by one DELETE ... WHERE ... IN (subquery). Returns {table: rows deleted}.
    """
    quote = connection.ops.quote_name
    paragraph, document = Paragraph._meta, Document._meta
    synthetic_documents = f"SELECT id FROM {quote(document.db_table)} WHERE synthetic"
    synthetic_paragraphs = (
        f"SELECT id FROM {quote(paragraph.db_table)} WHERE {quote('document_id')} IN ({synthetic_documents})"
    )
    dependents = [(m2m.remote_field.through._meta, "paragraph") for m2m in paragraph.many_to_many]
    for relation in paragraph.related_objects:
        if (relation.one_to_many or relation.one_to_one) and relation.related_model._meta not in dict(
            dependents
        ):
            if relation.on_delete not in (CASCADE, DO_NOTHING):
                raise CorpusError(
                    f"{relation.related_model.__name__} protects paragraphs: delete those rows first"
                )
            dependents.append((relation.related_model._meta, relation.field.name))
    document_dependents = []
    for relation in document.related_objects:
        if relation.related_model is not Paragraph:
            if relation.on_delete not in (CASCADE, DO_NOTHING):
                raise CorpusError(
                    f"{relation.related_model.__name__} protects documents: delete those rows first"
                )
            document_dependents.append((relation.related_model._meta, relation.field.name))
    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # The tags' triggers would rewrite the family of every paragraph about to be deleted.
        triggers_on = family_triggers_off(cursor)
        for meta, field_name in dependents:
            column = meta.get_field(field_name).column
            cursor.execute(
                f"DELETE FROM {quote(meta.db_table)} WHERE {quote(column)} IN ({synthetic_paragraphs})"
            )
            deleted[meta.db_table] = cursor.rowcount
        for meta, field_name in [*document_dependents, (paragraph, "document")]:
            column = meta.get_field(field_name).column
            cursor.execute(
                f"DELETE FROM {quote(meta.db_table)} WHERE {quote(column)} IN ({synthetic_documents})"
            )
            deleted[meta.db_table] = cursor.rowcount
        cursor.execute(f"DELETE FROM {quote(document.db_table)} WHERE synthetic")
        deleted[document.db_table] = cursor.rowcount
        for statement in triggers_on:
            cursor.execute(statement)
        summary_counts.refresh()  # the summary counts, which no signal told
    analyze()
    return deleted
