"""Keep QuotationLink rows in step with the texts: found by the matcher, never overriding a staff decision.

Like the theme tags (retag.py): a run recomputes the links of some news paragraphs and writes only the
difference. A found link the matcher no longer finds is removed; a confirmed one stays (its spans and score are
brought up to date when the matcher still finds it); a rejected one stays rejected, so it never comes back.

Who calls what: the importer refreshes a document after writing it (a news item: its own paragraphs; a
declaration: every news paragraph of its summit, so a declaration imported after its news gets its links then);
the editing paths refresh the paragraphs they change; `manage.py find_quotations` refreshes whole summits.
A news item that quotes another summit's declaration by name gets that link when the news item is imported or
edited, or at the next find_quotations: importing a declaration refreshes its own summit's news only.
"""

import os
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from ..models import Document, Paragraph, QuotationLink, Summit
from ..search import counts as summary_counts
from .matching import VERSION, Archive, SummitInfo
from .parallel import refresh_archive
from .passages import find_passages

BATCH = 2_000
NEWS = Document.Kind.NEWS
DECLARATION = Document.Kind.DECLARATION
FIELDS = ["kind", "score", "news_start", "news_end", "source_start", "source_end", "rule", "news_date"]


@dataclass
class LinkCounts:
    news_read: int = 0  # news paragraphs looked at
    news_matched: int = 0  # of which quoted or attributed anything (the prefilter let them through)
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    staff_kept: int = 0  # confirmed or rejected links the matcher did not find again, left as staff set them

    def add(self, other):
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self):
        return (
            f"{self.news_read} news paragraphs read, {self.news_matched} with quotations or attributions; links "
            f"created {self.created}, updated {self.updated}, removed {self.removed}, unchanged {self.unchanged}, "
            f"staff decisions kept {self.staff_kept}"
        )


INSERTED = ["news_id", "source_id", *FIELDS, "origin", "created_at", "updated_at"]


def insert_links(rows, now):
    """Write new found links: rows of (news id, source id, *FIELDS values).

    A first run over a 200,000-paragraph corpus writes some 60,000 links; bulk_create built and prepared a model
    instance for each (about a quarter of the run's time). Plain rows go in INSERT statements of many rows each
    (as many as the database takes parameters for): executemany sent one statement a row, 18 of the 145 s of a
    first run at a million paragraphs (figures: README).
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    stamp = connection.ops.adapt_datetimefield_value(now)
    found = QuotationLink.Origin.FOUND.value
    per_statement = min(1_000, (connection.features.max_query_params or 65_535) // len(INSERTED))
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608 -- names from the model's metadata only
        quote(QuotationLink._meta.db_table),
        ", ".join(quote(QuotationLink._meta.get_field(name.removesuffix("_id")).column) for name in INSERTED),
    )
    one = "(" + ", ".join(["%s"] * len(INSERTED)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            params = [value for row in batch for value in (*row, found, stamp, stamp)]
            cursor.execute(head + ", ".join([one] * len(batch)), params)


class LinkFinder:
    """One per run: the vocabulary and each summit's declaration index, built once and reused."""

    def __init__(self):
        summits = Summit.objects.values_list("pk", "city", "start_date")
        self.archive = Archive(
            [SummitInfo(pk, city, start.year) for pk, city, start in summits], self.declarations
        )
        self.counts = LinkCounts()
        # Declaration paragraphs whose links changed: their `quoted` is refreshed at the end (refresh_quoted).
        self.touched = set()

    def refresh_quoted(self):
        if len(self.touched) > BATCH and connection.vendor == "postgresql":
            # After a bulk run the planner still sees the link table as it was (three rows when the run began, and
            # then probes all of it for every paragraph: minutes); ANALYZE also counts this transaction's rows.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {QuotationLink._meta.db_table}")
        if len(self.touched) > 10 * BATCH:
            # Most of the archive's quoted paragraphs: one pass over them all (1.3 s at a million paragraphs) costs
            # less than probing 2,000 ids at a time (0.5 s each once the link table is large).
            summary_counts.refresh(Paragraph.objects.all().refresh_quoted())
        else:
            refresh_quoted(self.touched)
        self.touched = set()

    @staticmethod
    def declarations(summit_id):
        rows = Paragraph.objects.filter(summit_id=summit_id, kind=DECLARATION).order_by(
            "document_id", "number"
        )
        # All at once: the index keeps every text anyway, and a server-side cursor's plan for this query walked an
        # index of the whole table (at a million paragraphs, 1.0 s a summit instead of 0.12 s).
        return list(rows.values_list("pk", "text"))

    def match_rows(self, news):
        """The links the matcher finds in these (pk, summit_id, kind, text, date) news rows: (how many quote or
        attribute anything, {(news id, source id): Match}). No database work once the archive holds the indexes."""
        matched, matches = 0, {}
        for pk, summit_id, kind, text, _ in news:
            passages = find_passages(text) if kind == NEWS else None
            if not passages:
                continue
            matched += 1
            for match in self.archive.match(pk, summit_id, text, passages):
                matches[(pk, match.source)] = match
        return matched, matches

    @transaction.atomic
    def refresh_news(self, news):
        """Recompute the links of these news paragraphs, given as (pk, summit_id, kind, text, date) rows."""
        news = list(news)
        self.record(news, *self.match_rows(news))
        return self.counts

    def record(self, news, matched, matches):
        """Write what match_rows found in these news rows."""
        self.counts.news_read += len(news)
        self.counts.news_matched += matched
        self._write({row[0]: row[4] for row in news}, matches)

    def _write(self, news_dates, matches):
        news_ids = list(news_dates)
        existing = {}  # (news, source) -> (pk, origin, {field: value}); tuples: most links are unchanged
        for start in range(0, len(news_ids), BATCH):
            rows = QuotationLink.objects.filter(news_id__in=news_ids[start : start + BATCH])
            for pk, news_id, source_id, origin, *values in rows.values_list(
                "pk", "news_id", "source_id", "origin", *FIELDS
            ):
                existing[(news_id, source_id)] = (pk, origin, dict(zip(FIELDS, values, strict=True)))
        to_create, to_update, to_remove, sources = [], [], [], set()
        now = timezone.now()
        for key, match in matches.items():
            values = {
                "kind": match.kind,
                "score": match.score,
                "news_start": match.news_start,
                "news_end": match.news_end,
                "source_start": match.source_start,
                "source_end": match.source_end,
                "rule": VERSION,
                "news_date": news_dates[key[0]],
            }
            link = existing.get(key)
            if link is None:
                to_create.append((key[0], key[1], *values.values()))
                sources.add(key[1])
            elif link[2] != values:
                to_update.append(QuotationLink(pk=link[0], updated_at=now, **values))
            else:
                self.counts.unchanged += 1
        for key, (pk, origin, _) in existing.items():
            if key in matches:
                continue
            if origin == QuotationLink.Origin.FOUND:
                to_remove.append(pk)
                sources.add(key[1])
            else:
                self.counts.staff_kept += 1
        insert_links(to_create, now)
        QuotationLink.objects.bulk_update(to_update, [*FIELDS, "updated_at"], batch_size=1000)
        for start in range(0, len(to_remove), BATCH):
            QuotationLink.objects.filter(pk__in=to_remove[start : start + BATCH]).delete()
        self.touched.update(sources)
        self.counts.created += len(to_create)
        self.counts.updated += len(to_update)
        self.counts.removed += len(to_remove)

    def refresh_summit(self, summit_id, *, whole_archive=False):
        """Every news paragraph of the summit, read and written in batches. In a run over the whole archive
        (whole_archive), the summit's index is not built anew and the news of other summits that quote it are left
        to their own summit's turn: nothing changes during the run."""
        if not whole_archive:
            self.archive.forget(summit_id)
        for batch in self.news_batches(summit_id):
            self.refresh_news(self.rows_of(batch))
        if not whole_archive:
            # News of other summits linked to this summit's paragraphs: they quote it by name, or a document moved.
            stray = QuotationLink.objects.filter(source__summit_id=summit_id).exclude(
                news__summit_id=summit_id
            )
            self.refresh_news(self._rows(Paragraph.objects.filter(pk__in=stray.values("news_id"))))
        return self.counts

    def refresh_paragraphs(self, paragraphs):
        """After an edit: news paragraphs are matched again; a declaration paragraph's summit is, whole."""
        ids = [p.pk for p in paragraphs]
        rows = self.rows_of(ids)
        declared = {row[1] for row in rows if row[2] == DECLARATION}
        # A paragraph that stopped being a declaration's (its document changed kind) may still be quoted.
        quoted = set(
            QuotationLink.objects.filter(source_id__in=ids).values_list("news__summit_id", flat=True)
        )
        for summit_id in sorted(declared | quoted):
            self.refresh_summit(summit_id)
        self.refresh_news(row for row in rows if row[1] not in declared | quoted)
        return self.counts

    def refresh_document(self, document):
        return self.refresh_paragraphs(list(document.paragraphs.only("pk")))

    @staticmethod
    def _rows(paragraphs):
        return paragraphs.order_by("pk").values_list("pk", "summit_id", "kind", "text", "date")

    @staticmethod
    def news_batches(summit_id):
        """The summit's news paragraph ids, BATCH at a time (the ids first, then their rows a batch at a time: a
        server-side cursor over the summit's news in id order may walk the whole table's id index per summit)."""
        ids = sorted(Paragraph.objects.filter(summit_id=summit_id, kind=NEWS).values_list("pk", flat=True))
        return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]

    def rows_of(self, ids):
        return list(self._rows(Paragraph.objects.filter(pk__in=ids)))


def refresh_quoted(paragraph_ids):
    """Bring these paragraphs' `quoted` column in step with their links (Paragraph.quoted), and the summary
    counts of the summits where it changed. Whoever adds, removes or decides a link, or changes what is published,
    calls this for the declaration paragraphs concerned."""
    ids = sorted(set(paragraph_ids))
    changed = set()
    for start in range(0, len(ids), BATCH):
        changed |= Paragraph.objects.filter(pk__in=ids[start : start + BATCH]).refresh_quoted()
    summary_counts.refresh(changed)


def refresh_paragraphs(paragraphs):
    finder = LinkFinder()
    finder.refresh_paragraphs(paragraphs)
    finder.refresh_quoted()
    return finder.counts


def refresh_document(document):
    finder = LinkFinder()
    finder.refresh_document(document)
    finder.refresh_quoted()
    return finder.counts


PARALLEL_FROM = 50_000  # news paragraphs: a smaller archive is matched in this process (forking costs more)


def find_quotations(summit_ids=None, progress=None, workers=None):
    """Recompute the links of every news paragraph of these summits (all when None); returns the counts. A run
    over the whole archive with workers > 1 matches in that many processes (parallel.py); by default, one per
    CPU for an archive of PARALLEL_FROM news paragraphs or more."""
    whole_archive = summit_ids is None
    if whole_archive:
        summit_ids = list(Summit.objects.order_by("start_date").values_list("pk", flat=True))
    if workers is None:
        large = whole_archive and Paragraph.objects.filter(kind=NEWS).count() >= PARALLEL_FROM
        workers = (os.cpu_count() or 1) if large else 1
    finder = LinkFinder()
    with summary_counts.batch():
        if whole_archive and workers > 1:
            refresh_archive(finder, summit_ids, workers, progress)
        else:
            for summit_id in summit_ids:
                finder.refresh_summit(summit_id, whole_archive=whole_archive)
                if progress:
                    progress(summit_id, finder.counts)
        finder.refresh_quoted()
    return finder.counts
