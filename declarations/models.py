"""The archive's data model: states, summits and who attended them, documents, paragraphs and themes.

Natural keys (Summit.slug, Document.slug, (Paragraph.document, Paragraph.number)) are unique by named
constraints so the importer can be idempotent. Paragraph carries copies of its document's summit, date, kind and
published flag: the paragraph browser filters and orders a large table by them, and a join per filter is what
makes it slow (issue 7). Document.save keeps the copies in step.
"""

import secrets

from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from .rendering import render_markdown

# A paragraph's longest text. PostgreSQL refuses a tsvector over 1 MB, and even a text of distinct one-letter
# words (the densest tsvector per character) stays far under it at this length; declaration paragraphs run to a
# few thousand characters. Imports and the admin both refuse longer text, so both databases hold the same.
MAX_PARAGRAPH_CHARS = 50_000


class State(models.Model):
    slug = models.SlugField(
        max_length=80, help_text="Used in URLs: /states/<slug>/. Changing it breaks links."
    )
    name = models.CharField(max_length=150, help_text="Full name, e.g. 'Kyrgyz Republic'.")
    short_name = models.CharField(max_length=80, help_text="Common name shown on pages, e.g. 'Kyrgyzstan'.")
    iso3 = models.CharField("ISO 3166-1 alpha-3", max_length=3, help_text="Three capital letters, e.g. KGZ.")

    class Meta:
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="state_slug_unique"),
            models.UniqueConstraint(fields=["iso3"], name="state_iso3_unique"),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("declarations:state_detail", args=[self.slug])


class StateAlias(models.Model):
    """Another name a text may use for a state: 'Kyrgyz Republic', 'Kirghizia' -> Kyrgyzstan."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=150, help_text="Exactly as it appears in texts, e.g. 'Russian Federation'."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "state aliases"
        constraints = [models.UniqueConstraint(fields=["name"], name="statealias_name_unique")]

    def __str__(self):
        return f"{self.name} → {self.state}"

    def get_absolute_url(self):
        return self.state.get_absolute_url()


class SummitQuerySet(models.QuerySet):
    def with_document_counts(self):
        # Meta.ordering does not apply to aggregating queries: keep summits in date order explicitly.
        return self.annotate(
            document_count=Count("documents", filter=Q(documents__published=True), distinct=True)
        ).order_by("start_date")


class Summit(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Virtual"
        HYBRID = "hybrid", "Hybrid"

    number = models.PositiveSmallIntegerField(
        help_text="Sequence number of the Council of Heads of State meeting."
    )
    slug = models.SlugField(max_length=60, help_text="YYYY-city, e.g. 2013-bishkek. Used in URLs.")
    city = models.CharField(max_length=80, help_text="The city's name at the time of the summit.")
    host = models.ForeignKey(State, on_delete=models.PROTECT, related_name="summits_hosted")
    start_date = models.DateField()
    end_date = models.DateField()
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.IN_PERSON)
    declaration_name = models.CharField(
        max_length=250,
        blank=True,
        help_text="Name of the main declaration adopted, e.g. 'Bishkek Declaration'.",
    )
    notes = models.TextField(blank=True, help_text="Short note on what the summit decided.")
    sources = models.TextField(
        blank=True, help_text="Where the facts come from: one URL or citation per line."
    )

    objects = SummitQuerySet.as_manager()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="summit_slug_unique"),
            models.UniqueConstraint(fields=["number"], name="summit_number_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="summit_dates_ordered"
            ),
        ]

    def __str__(self):
        return self.label(self.city, self.start_date)

    @staticmethod
    def label(city, start_date):
        """How a summit is named everywhere ("Bishkek 2013"), also for rows read as tuples."""
        return f"{city} {start_date.year}"

    def get_absolute_url(self):
        return reverse("declarations:summit_detail", args=[self.slug])

    @property
    def year(self):
        return self.start_date.year

    @property
    def source_list(self):
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


class Status(models.TextChoices):
    MEMBER = "member", "Member"
    OBSERVER = "observer", "Observer"
    DIALOGUE_PARTNER = "dialogue_partner", "Dialogue partner"
    GUEST = "guest", "Guest"


class Participation(models.Model):
    """A state's status when the summit opened."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="participations")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="participations")
    status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        ordering = ["summit__start_date", "status", "state__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["summit", "state"], name="participation_summit_state_unique")
        ]
        indexes = [
            # the state page lists a state's status at every summit
            models.Index(fields=["state", "summit"], name="participation_state_idx"),
        ]

    def __str__(self):
        return f"{self.state} at {self.summit}: {self.get_status_display()}"

    def get_absolute_url(self):
        return self.summit.get_absolute_url()


class StatusChange(models.Model):
    """A change of status that a summit decided: 'India admitted as a member'."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="status_changes")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(max_length=20, choices=Status.choices, help_text="The status granted.")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["summit__start_date", "status", "state__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "state", "status"], name="statuschange_summit_state_status_unique"
            )
        ]

    def __str__(self):
        return f"{self.summit}: {self.state} → {self.get_status_display()}"

    def get_absolute_url(self):
        return self.summit.get_absolute_url()


class Theme(models.Model):
    slug = models.SlugField(max_length=60, help_text="Used in URLs and filters (?theme=<slug>).")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, help_text="What the theme covers, written for researchers.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Two levels: a top-level theme has no parent; it matches whatever its children match.",
    )
    rules = models.TextField(
        blank=True,
        help_text="One rule per line, matched case-insensitively on word boundaries: a word or phrase "
        "(plurals match), a trailing * for a prefix (terroris*), # for comments. See the tagging guide.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its parent.")

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="theme_slug_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("declarations:theme_detail", args=[self.slug])


# The order in which pickers offer a summit's documents (Document.Kind values).
PRINCIPAL_KINDS = ("declaration", "statement", "communique", "news", "other")


class DocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published=True)

    def declarations_first(self, limit):
        """The first `limit` rows as a list: the declarations, then the other documents, each by date and title.

        Two walks of indexes ((kind, summit, date), then (summit, date)) that stop at `limit`: one ordering by
        "declaration first" sorted every document of a summit (1,700-2,900 at a million paragraphs: 6-7 ms).
        """
        declaration = Document.Kind.DECLARATION
        rows = list(self.filter(kind=declaration).order_by("date", "title")[:limit])
        if len(rows) < limit:
            rows += self.exclude(kind=declaration).order_by("date", "title")[: limit - len(rows)]
        return rows

    def principal(self, per_summit=3):
        """Up to per_summit public documents of each summit to offer in a picker: its declarations, or, for a
        summit without one, its first documents of any kind (statements and communiqués before news).

        Bounded whatever the archive holds (a summit may have a thousand news articles): the (kind, summit,
        date) index finds the declarations, and only summits without any read their other documents.
        """
        # NOT EXISTS: one probe of the (kind, summit, date) index per summit, not a read of every declaration.
        # Read first, as ids: ORed with the kind as a subquery, it made PostgreSQL scan every document (11 ms at
        # 35,000 documents) where the kind alone is an index scan.
        undeclared = list(
            Summit.objects.exclude(
                Exists(
                    Document.objects.filter(
                        summit=OuterRef("pk"), kind=Document.Kind.DECLARATION, published=True
                    )
                )
            ).values_list("pk", flat=True)
        )
        principal = Q(kind=Document.Kind.DECLARATION)
        if undeclared:
            principal |= Q(summit_id__in=undeclared)
        rank = Case(
            *(When(kind=kind, then=Value(i)) for i, kind in enumerate(PRINCIPAL_KINDS)),
            default=Value(len(PRINCIPAL_KINDS)),
            output_field=models.IntegerField(),
        )
        ranked = (
            self.public()
            .filter(principal)
            .annotate(
                principal_rank=Window(RowNumber(), partition_by=F("summit_id"), order_by=[rank, "date", "id"])
            )
        )
        return ranked.filter(principal_rank__lte=per_summit)


class Document(models.Model):
    class Kind(models.TextChoices):
        DECLARATION = "declaration", "Declaration"
        STATEMENT = "statement", "Statement"
        COMMUNIQUE = "communique", "Communiqué"
        NEWS = "news", "News article"
        OTHER = "other", "Other"

    # Metadata the importer writes; a staff edit of any of them survives re-imports (importing/merge.py).
    IMPORTED_FIELDS = (
        "summit",
        "kind",
        "title",
        "date",
        "place",
        "language",
        "publisher",
        "source_name",
        "source_url",
    )

    summit = models.ForeignKey(Summit, on_delete=models.PROTECT, related_name="documents")
    slug = models.SlugField(
        max_length=120, help_text="Used in URLs: /documents/<slug>/. Changing it breaks links."
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DECLARATION)
    title = models.CharField(max_length=300)
    date = models.DateField(help_text="Date of the document (signature or publication).")
    place = models.CharField(max_length=120, blank=True)
    language = models.CharField(max_length=10, default="en", help_text="Language code, e.g. en, ru, zh.")
    publisher = models.CharField(max_length=150, blank=True)
    source_name = models.CharField(
        max_length=200, blank=True, help_text="Who issued the text, per the source."
    )
    source_url = models.URLField(
        max_length=500,
        blank=True,
        # only web links: a javascript: or data: URL would be written into the document page's link
        validators=[URLValidator(schemes=["http", "https"])],
    )
    original_text = models.TextField(blank=True, help_text="The source file exactly as last imported.")
    seed_file = models.CharField(max_length=255, blank=True, help_text="File the document was imported from.")
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the imported file.")
    first_imported_at = models.DateTimeField(null=True, blank=True)
    last_imported_at = models.DateTimeField(null=True, blank=True)
    import_notes = models.TextField(
        blank=True, help_text="Warnings and conflicts reported by the last import."
    )
    published = models.BooleanField(
        default=True, help_text="Unpublished documents vanish from the public site."
    )
    synthetic = models.BooleanField(default=False, help_text="Generated benchmark data, not a real text.")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="document_slug_unique"),
            models.UniqueConstraint(
                fields=["seed_file"], condition=~Q(seed_file=""), name="document_seed_file_unique"
            ),
        ]
        indexes = [
            # summit pages list a summit's documents
            models.Index(fields=["summit", "date"], name="document_summit_date_idx"),
            # the document list filters by date range and orders by date
            models.Index(fields=["date"], name="document_date_idx"),
            # the compare picker lists each summit's declarations (Document.objects.principal)
            models.Index(fields=["kind", "summit", "date"], name="document_kind_summit_idx"),
            # home and the summit list count each summit's public documents: an index-only scan of this
            # (EXPLAIN ANALYZE at 35,000 documents: 23 -> 7 ms) instead of reading every document row
            models.Index(
                fields=["summit", "id"], condition=Q(published=True), name="document_public_summit_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("declarations:document_detail", args=[self.slug])

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Keep the paragraph copies in step; one UPDATE, only rows that differ, then the summary counts of the
        # summits involved (a move, an unpublished document).
        stale = self.paragraphs.exclude(
            summit_id=self.summit_id, date=self.date, kind=self.kind, published=self.published
        )
        moved_from = set(stale.order_by().values_list("summit_id", flat=True).distinct())
        if moved_from:
            stale.update(summit_id=self.summit_id, date=self.date, kind=self.kind, published=self.published)
            from . import stats  # stats imports this module

            stats.refresh(moved_from | {self.summit_id})


def new_paragraph_key():
    return secrets.token_hex(5)


class ParagraphQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published=True)

    def with_theme(self, theme):
        """Paragraphs tagged with the theme or one of its sub-themes."""
        return self.filter(tags__theme__in=Theme.objects.filter(Q(pk=theme.pk) | Q(parent=theme))).distinct()

    def naming(self, state):
        return self.filter(states=state)

    def in_reading_order(self):
        return self.order_by("document_id", "number")

    def tagged(self, theme):
        """Like with_theme, as a semi-join on the (theme, paragraph) index: no DISTINCT over a large table."""
        themes = Theme.objects.filter(Q(pk=theme.pk) | Q(parent=theme))
        return self.filter(id__in=ParagraphTheme.objects.filter(theme__in=themes).values("paragraph_id"))

    def naming_any(self, states):
        return self.filter(
            id__in=Paragraph.states.through.objects.filter(state__in=states).values("paragraph_id")
        )

    def tagged_with_any(self, theme_ids):
        """Paragraphs carrying one of these themes (ids spelled out, e.g. a theme and its sub-themes), as EXISTS on
        the (paragraph, theme) index: the planner can then walk a date index and probe, and stop at a page."""
        tags = ParagraphTheme.objects.filter(paragraph_id=models.OuterRef("id"), theme_id__in=list(theme_ids))
        return self.filter(models.Exists(tags))

    def naming_state(self, state):
        """Paragraphs naming the state, as EXISTS on the (paragraph, state) index (see tagged_with_any)."""
        mentions = Paragraph.states.through.objects.filter(
            paragraph_id=models.OuterRef("id"), state_id=state.pk
        )
        return self.filter(models.Exists(mentions))

    def with_every_theme(self, theme_ids):
        """Paragraphs carrying every one of these themes, a parent theme through any of its sub-themes: a test of
        the paragraph's own theme family column (kept by triggers, migration 0007), no tag table join."""
        from .search import in_themes

        return in_themes(self, theme_ids)

    def search(self, q, theme_ids=()):
        """Paragraphs matching a reader's query (websearch syntax; see search.py), and with_every_theme(theme_ids)
        in the same index lookups. Raises SearchSyntaxError."""
        from .search import matching, parse

        parsed = parse(q) if isinstance(q, str) else q
        return matching(self, parsed.within_themes(theme_ids) if theme_ids else parsed)

    def for_display(self):
        """What the shared paragraph partial shows: document, summit, theme tags and named states."""
        return self.select_related("document", "summit").prefetch_related(
            models.Prefetch("tags", ParagraphTheme.objects.select_related("theme")),
            models.Prefetch("states", State.objects.order_by("short_name")),
        )


class Paragraph(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField(help_text="1-based reading order within the document.")
    key = models.CharField(
        max_length=16,
        default=new_paragraph_key,
        editable=False,
        help_text="Stable identity across renumbering.",
    )
    text = models.TextField(
        help_text="Markdown. Rendered and sanitized for the public site.",
        validators=[MaxLengthValidator(MAX_PARAGRAPH_CHARS)],
    )
    html = models.TextField(blank=True, editable=False, help_text="Sanitized HTML rendered from text.")
    heading = models.CharField(
        max_length=300, blank=True, help_text="Section heading, if the source has one."
    )
    section = models.PositiveSmallIntegerField(default=1, help_text="Section number within the document.")
    source_text = models.TextField(blank=True, editable=False, help_text="The text as last imported.")
    source_heading = models.CharField(max_length=300, blank=True, editable=False)
    staff_edited = models.BooleanField(
        default=False, help_text="Staff changed the text or heading; a re-import keeps the staff version."
    )
    themes = models.ManyToManyField(Theme, through="ParagraphTheme", related_name="paragraphs", blank=True)
    states = models.ManyToManyField(
        State, related_name="paragraphs", blank=True, help_text="States it names."
    )
    # Copies of the document's fields, kept by Document.save, for filtering a large table without joins.
    summit = models.ForeignKey(Summit, on_delete=models.PROTECT, related_name="paragraphs", editable=False)
    date = models.DateField(editable=False)
    kind = models.CharField(max_length=12, choices=Document.Kind.choices, editable=False)
    published = models.BooleanField(default=True, editable=False)

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="paragraph_document_number_unique"),
            models.UniqueConstraint(fields=["key"], name="paragraph_key_unique"),
        ]
        indexes = [
            # the paragraph browser orders by date and pages through it
            models.Index(fields=["published", "date", "id"], name="paragraph_published_date_idx"),
            # a summit's paragraphs (summit filter, summit page facets)
            models.Index(fields=["summit", "id"], name="paragraph_summit_idx"),
            # the paragraph browser's summit filter, in date order (a summit's pages, page 1 to 400)
            models.Index(
                fields=["summit", "date", "id"], condition=Q(published=True), name="paragraph_summit_date_idx"
            ),
            # the paragraph browser's kind filter, in date order
            models.Index(
                fields=["kind", "date", "id"], condition=Q(published=True), name="paragraph_kind_date_idx"
            ),
        ]

    def __str__(self):
        return f"{self.document} ¶{self.number}"

    def get_absolute_url(self):
        return reverse("declarations:paragraph_detail", args=[self.document.slug, self.number])

    def save(self, *args, **kwargs):
        self.html = render_markdown(self.text)
        if self.document_id and (not self.summit_id or not self.date):
            document = self.document
            self.summit_id, self.date, self.kind, self.published = (
                document.summit_id,
                document.date,
                document.kind,
                document.published,
            )
        super().save(*args, **kwargs)


class ParagraphTheme(models.Model):
    """A paragraph's theme tag, with where it came from."""

    class Origin(models.TextChoices):
        RULE = "rule", "Rule"
        STAFF = "staff", "Staff"

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="tags")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tags")
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.STAFF)
    rule = models.CharField(max_length=300, blank=True, help_text="For rule tags, the rule that matched.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme__position", "theme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "theme"], name="paragraphtheme_paragraph_theme_unique"
            )
        ]
        indexes = [
            # the theme filter looks paragraphs up by theme
            models.Index(fields=["theme", "paragraph"], name="paragraphtheme_theme_idx"),
        ]

    def __str__(self):
        return f"{self.theme} ({self.get_origin_display().lower()})"

    def get_absolute_url(self):
        return self.paragraph.get_absolute_url()


class RejectedTag(models.Model):
    """A rule's tag that staff removed: retagging and re-imports never put it back."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="rejected_tags")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="rejected_tags")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "theme"], name="rejectedtag_paragraph_theme_unique")
        ]

    def __str__(self):
        return f"{self.paragraph}: not {self.theme}"

    def get_absolute_url(self):
        return self.paragraph.get_absolute_url()


class ImportRecord(models.Model):
    """What the importer last wrote for one reference row, so a re-import can tell staff edits from file changes.

    A field is updated only when the file changed it and the database still holds what the last import wrote;
    when both changed, the staff value stays and the import reports a conflict (a three-way merge).
    """

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    values = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="importrecord_kind_key_unique")]

    def __str__(self):
        return f"{self.kind} {self.key}"


class ImportLock(models.Model):
    """The import that is running, on SQLite (PostgreSQL takes an advisory lock instead): at most one row,
    written by importing/lock.py, so a second import says so instead of failing half-way."""

    name = models.CharField(max_length=20, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name}: pid {self.pid} on {self.host} since {self.started_at:%Y-%m-%d %H:%M} UTC"


class ParagraphCount(models.Model):
    """Summary table: public paragraphs per summit, kind and theme (theme empty: all of them).

    The heatmap, the timelines, the home and summit pages and the unfiltered paragraph browser's facets read
    these few thousand rows instead of grouping millions of paragraphs and tags on every request. A theme's row
    counts each paragraph once even when it carries several of the theme's sub-themes. stats.refresh() rebuilds
    the rows of the summits a change touched; it runs after imports, retagging and every staff edit.
    """

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Document.Kind.choices)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    paragraphs = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "kind", "theme"],
                condition=Q(theme__isnull=False),
                name="paragraphcount_theme_unique",
            ),
            models.UniqueConstraint(
                fields=["summit", "kind"], condition=Q(theme__isnull=True), name="paragraphcount_total_unique"
            ),
        ]

    def __str__(self):
        return f"{self.summit} {self.kind} {self.theme or 'all'}: {self.paragraphs}"
