"""The archive's data model: states, summits and who attended them, documents, paragraphs and themes.

Natural keys (Summit.slug, Document.slug, (Paragraph.document, Paragraph.number)) are unique by named
constraints so the importer can be idempotent. Paragraph carries copies of its document's summit, date, kind and
published flag: the paragraph browser filters and orders a large table by them, and a join per filter is what
makes it slow (issue 7). Document.copied_fields() says what they are; ParagraphQuerySet.copy_document_fields()
is the one writer that brings existing rows in step (signals.py calls it when a document is saved).

This module imports nothing from the modules that use it.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
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

    def with_coverage(self):
        """Annotate what the archive holds of each summit: its declaration, news, other public texts. Three
        EXISTS probes of the (kind, summit, date) index per summit; Summit.coverage reads them."""
        public = Document.objects.filter(summit=OuterRef("pk"), published=True)
        return self.annotate(
            holds_declaration=Exists(public.filter(kind=Document.Kind.DECLARATION)),
            holds_news=Exists(public.filter(kind=Document.Kind.NEWS)),
            holds_other=Exists(public.exclude(kind__in=[Document.Kind.DECLARATION, Document.Kind.NEWS])),
        )


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
    def coverage(self):
        """("declaration" | "news" | "other" | "none", what a reader is told), from with_coverage()."""
        if self.holds_declaration:
            return "declaration", "Declaration in the archive"
        if self.holds_other:
            return "other", "Other texts, not the declaration"
        if self.holds_news:
            return "news", "News only"
        return "none", "No texts yet"

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
# What statistics count unless a reader switches news in (issue 16): the texts the summits adopted.
OFFICIAL_KINDS = ("declaration", "statement", "communique")


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

    def principal_rows(self, per_summit=3):
        """(summit_id, slug, title, date, kind, summit city, summit start) of up to per_summit public documents of
        each summit to offer in a picker, in summit order, each summit's best first: its declarations, or, for a
        summit without one, its first documents of any kind (statements and communiqués before news).

        Bounded whatever the archive holds (a summit may have hundreds of declarations or a thousand news
        articles): each summit's k-th principal document is one probe of the (kind, summit, date) index, and only
        summits without a declaration rank their documents (each of those a sort of the summit's documents). A
        window ranking every declaration read them all, whose number grows with the archive (README, Performance).
        """
        public = self.public().filter(summit=OuterRef("pk"))
        slots = [f"principal_{k}" for k in range(per_summit)]

        def firsts(summits, ordered):
            """{summit id: the ids of its first per_summit documents of `ordered` (None where it has fewer)}."""
            with_slots = summits.annotate(
                **{slot: Subquery(ordered[k : k + 1]) for k, slot in enumerate(slots)}
            )
            return {row[0]: row[1:] for row in with_slots.values_list("pk", *slots)}

        declarations = public.filter(kind=Document.Kind.DECLARATION).order_by("date", "id").values("pk")
        chosen = firsts(Summit.objects.order_by("start_date", "id"), declarations)  # in summit order
        undeclared = [summit for summit, ids in chosen.items() if ids[0] is None]
        if undeclared:
            rank = Case(
                *(When(kind=kind, then=Value(i)) for i, kind in enumerate(PRINCIPAL_KINDS)),
                default=Value(len(PRINCIPAL_KINDS)),
                output_field=models.IntegerField(),
            )
            ranked = public.order_by(rank, "date", "id").values("pk")
            chosen.update(firsts(Summit.objects.filter(pk__in=undeclared), ranked))
        order = {
            pk: position for position, pk in enumerate(pk for ids in chosen.values() for pk in ids if pk)
        }
        fields = ("summit_id", "slug", "title", "date", "kind", "summit__city", "summit__start_date", "pk")
        rows = self.public().filter(pk__in=order).values_list(*fields)
        return [row[:-1] for row in sorted(rows, key=lambda row: order[row[-1]])]


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
        "author",
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
    author = models.CharField(
        max_length=200, blank=True, help_text="Who wrote it (a news article's reporters)."
    )
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
    source_shape = models.CharField(
        max_length=20,
        blank=True,
        help_text="The shape of the imported text: wajd_declaration (the World and Japan Database), "
        "markdown_article or news_fragment. Written by the importer.",
    )
    value_origins = models.JSONField(
        default=dict,
        blank=True,
        help_text="Values the source text did not give, by field: 'manifest' (supplied by staff in "
        "seeds/manifest.toml) or 'assumed' (the importer's default, e.g. the summit's last day as the date). "
        "Written by the importer.",
    )
    published = models.BooleanField(
        default=True, help_text="Unpublished documents vanish from the public site."
    )
    synthetic = models.BooleanField(default=False, help_text="Generated benchmark data, not a real text.")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["date", "title"]
        # The admin's "Import texts" page writes documents through the importer: a right of its own, given to
        # the Editors group (migration 0011), not implied by add_document.
        permissions = [("import_texts", "Can import texts through the admin")]
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
            # a summit's public documents of one kind in date order: its declarations first on its page, its
            # coverage, and the compare pickers' k-th declaration of each summit (one probe each, index-only)
            models.Index(
                fields=["kind", "summit", "date", "id"],
                condition=Q(published=True),
                name="document_public_kind_idx",
            ),
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

    # A document's page shows its paragraphs this many at a time: a 10,000-paragraph text would be a 75 MB page.
    PARAGRAPHS_PER_PAGE = 100

    def page_of(self, number):
        """The page of the document's page on which its paragraph `number` is shown."""
        return max(1, (number - 1) // self.PARAGRAPHS_PER_PAGE + 1)

    def copied_fields(self):
        """The values each of its paragraphs carries a copy of (Paragraph.summit, date, kind, published)."""
        return {
            "summit_id": self.summit_id,
            "date": self.date,
            "kind": self.kind,
            "published": self.published,
        }


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

    def copy_document_fields(self, document):
        """Bring these paragraphs' copies of the document's fields in step (one UPDATE of the rows that differ);
        returns the summits they were counted under before, for the summary counts."""
        copies = document.copied_fields()
        stale = self.exclude(**copies)
        moved_from = set(stale.order_by().values_list("summit_id", flat=True).distinct())
        if moved_from:
            stale.update(**copies)
        return moved_from

    def quoted_in_news(self):
        """Declaration paragraphs that a news paragraph quotes or paraphrases (a link readers see): the `quoted`
        column, which quotations.links.refresh_quoted keeps."""
        return self.filter(quoted=True)

    def refresh_quoted(self):
        """Set these paragraphs' `quoted` from the links readers see (QuotationLink.shown()), writing only the rows
        that differ. Returns the summits whose paragraphs changed, for the summary counts.

        As EXISTS per paragraph, so PostgreSQL probes the link table's source index: 2,000 paragraphs in 10-60 ms,
        the whole million in 1.2 s. (NOT IN a subquery of linked ids took 114 s; an IN list of the shown links'
        sources read all 134,000 links of the most quoted 2,000 paragraphs, 0.9 s.)"""
        linked = models.Exists(QuotationLink.objects.quoting().filter(source_id=models.OuterRef("pk")))
        changed = set()
        gained = self.filter(quoted=False, published=True).filter(linked)
        lost = self.filter(quoted=True).filter(Q(published=False) | ~linked)
        for rows, value in ((gained, True), (lost, False)):
            moved = list(rows.order_by().values_list("pk", "summit_id"))
            for start in range(0, len(moved), 2_000):
                chunk = [pk for pk, _ in moved[start : start + 2_000]]
                Paragraph.objects.filter(pk__in=chunk).update(quoted=value)
            changed.update(summit_id for _, summit_id in moved)
        return changed

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
    # Derived from the quotation links (refresh_quoted), so that the "Quoted in the news" filter and facet read a
    # column of the row instead of probing the link table for every paragraph of a list. db_default: the benchmark
    # corpus loader COPYs paragraphs without it.
    quoted = models.BooleanField(
        default=False,
        db_default=False,
        editable=False,
        help_text="A news paragraph quotes or paraphrases it (a link staff did not reject, both published).",
    )

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

    def get_stable_url(self):
        """/p/<key>/: follows the paragraph wherever renumbering moves it; what citations cite."""
        return reverse("declarations:paragraph_by_key", args=[self.key])

    def get_in_document_url(self):
        """The paragraph in its document's page (on the page of it that shows the paragraph)."""
        page = self.document.page_of(self.number)
        return f"{self.document.get_absolute_url()}{f'?page={page}' if page > 1 else ''}#p{self.number}"

    def save(self, *args, **kwargs):
        self.html = render_markdown(self.text)
        if self.document_id and (not self.summit_id or not self.date):
            for name, value in self.document.copied_fields().items():
                setattr(self, name, value)
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
    # db_default: the benchmark corpus loader COPYs tags without these columns.
    matched = models.CharField(
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text="The words of the paragraph the rule matched.",
    )
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When staff confirmed a rule's tag: it then stays if the rules stop matching.",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
            # the staff-review figures (review.py) count the reviewed tags of each theme, a few among millions
            models.Index(
                fields=["theme", "origin"],
                condition=Q(origin="staff") | Q(confirmed_at__isnull=False),
                name="paragraphtheme_reviewed_idx",
            ),
        ]

    def __str__(self):
        return f"{self.theme} ({self.get_origin_display().lower()})"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def reviewed(self):
        """A staff decision: a tag staff added, or a rule's tag staff confirmed."""
        return self.is_review(self.origin, self.confirmed_at)

    @classmethod
    def is_review(cls, origin, confirmed_at):
        """Whether a tag with these values is a staff decision (for rows read without their model)."""
        return origin == cls.Origin.STAFF or confirmed_at is not None

    def get_absolute_url(self):
        return self.paragraph.get_absolute_url()


class RejectedTag(models.Model):
    """A rule's tag that staff removed: retagging and re-imports never put it back."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="rejected_tags")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="rejected_tags")
    # What the rejected tag was, kept as data: a rejected rule tag is the rules' error, counted in their figures.
    origin = models.CharField(
        max_length=8, choices=ParagraphTheme.Origin.choices, blank=True, default="", db_default=""
    )
    rule = models.CharField(max_length=300, blank=True, default="", db_default="")
    matched = models.CharField(max_length=300, blank=True, default="", db_default="")
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "theme"], name="rejectedtag_paragraph_theme_unique")
        ]

    def __str__(self):
        return f"{self.paragraph}: not {self.theme}"

    def get_absolute_url(self):
        return self.paragraph.get_absolute_url()


class ArchiveVersion(models.Model):
    """A number that moves whenever the archive's paragraphs or tags change (search.counts.refresh moves it, as
    every change path refreshes the summary counts). What is computed from the whole archive and kept, such as a
    paragraph's similar wording at other summits (StoredLineage), is current while it carries this number."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="archiveversion_single_row")]

    def __str__(self):
        return f"archive version {self.number}"

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    @classmethod
    def move(cls):
        if not cls.objects.filter(pk=1).update(number=F("number") + 1):
            cls.objects.get_or_create(pk=1, defaults={"number": 1})


class StoredLineage(models.Model):
    """A paragraph's similar wording at other summits (lineage.py), computed on its page's first view and kept
    while the archive is unchanged (ArchiveVersion), so the page does not align paragraphs on every request."""

    paragraph = models.OneToOneField(Paragraph, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.PositiveBigIntegerField(help_text="The ArchiveVersion it was computed under.")
    ancestors = models.JSONField(default=list, help_text="[[paragraph id, similarity], ...], earliest first.")

    def __str__(self):
        return f"similar wording of {self.paragraph_id}"


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
    counts each paragraph once even when it carries several of the theme's sub-themes. search.counts.refresh()
    rebuilds the rows of the summits a change touched; it runs after imports, retagging and every staff edit.
    """

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Document.Kind.choices)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    paragraphs = models.PositiveIntegerField()
    quoted = models.PositiveIntegerField(
        default=0, help_text="Of which quoted in the news (Paragraph.quoted)."
    )  # counted on the all-themes rows only: a theme filter is counted by the bounded walk, not by this table

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


class ImportOverride(models.Model):
    """A curator's corrections for one source file, chosen in the admin's import preview.

    The importer reads them exactly as it reads the file's entry in seeds/manifest.toml, and they win over it: a
    command-line import of the same file then agrees with what the curator chose. They live in the database, not
    in the manifest, because the web process must not write into the code checkout (read-only, one per worker,
    versioned in git); the database is where the curated data already lives and is backed up.
    """

    file_name = models.CharField(max_length=255)
    values = models.JSONField(
        default=dict, help_text="Manifest keys and values (summit slug, ISO date, ...)."
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["file_name"], name="importoverride_file_name_unique")]

    def __str__(self):
        return self.file_name


class ImportUpload(models.Model):
    """A text uploaded in the admin: kept from preview to import (no re-upload, no JavaScript), then as the record
    of the import, with what an undo needs."""

    class State(models.TextChoices):
        STAGED = "staged", "Previewed, not imported"
        IMPORTED = "imported", "Imported"
        UNDONE = "undone", "Import undone"

    batch = models.UUIDField(help_text="The files uploaded together, previewed and imported together.")
    file_name = models.CharField(max_length=255)
    data = models.BinaryField(help_text="The file exactly as uploaded (at most 1 MB).")
    corrections = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.STAGED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=10, blank=True, help_text="created, updated or unchanged")
    # What the import replaced, so an undo of a re-import can bring it back.
    previous_text = models.TextField(blank=True)
    previous_corrections = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [
            # the preview page lists one batch
            models.Index(fields=["batch"], name="importupload_batch_idx"),
            # the import history lists imports newest first
            models.Index(fields=["state", "-imported_at"], name="importupload_history_idx"),
        ]

    def __str__(self):
        return self.file_name


class Scores(models.Model):
    """Precision and recall from counts of right, wrong and missed answers (a measure's stored figures)."""

    true_positives = models.PositiveIntegerField(help_text="Tags (or links) the evidence agrees with.")
    false_positives = models.PositiveIntegerField(help_text="Tags (or links) the evidence says are wrong.")
    false_negatives = models.PositiveIntegerField(
        help_text="Tags (or links) the evidence has and the machine missed."
    )
    measured_at = models.DateTimeField()

    class Meta:
        abstract = True

    @property
    def support(self):
        """Labelled (or staff-decided) answers that are there to find: the evidence behind the recall."""
        return self.true_positives + self.false_negatives

    @property
    def precision(self):
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self):
        return self.true_positives / self.support if self.support else None

    @property
    def f1(self):
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)


class ThemeMeasure(Scores):
    """How reliable one theme's tags were found to be, on one body of evidence, when last measured.

    Written by `manage.py measure_themes` (the frozen labelled set) and after each staff review (the reviewed tags),
    so the methodology and theme pages read a few stored rows and never run the report per request. A row without
    a theme holds the micro average over every leaf theme.
    """

    class Source(models.TextChoices):
        FROZEN = "frozen", "Frozen labelled set"
        STAFF = "staff", "Staff review"

    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="measures")
    source = models.CharField(max_length=8, choices=Source.choices)
    paragraphs = models.PositiveIntegerField(help_text="Paragraphs in the evidence.")

    class Meta:
        ordering = ["source", "theme__position", "theme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "source"],
                condition=Q(theme__isnull=False),
                name="thememeasure_theme_source_unique",
            ),
            models.UniqueConstraint(
                fields=["source"], condition=Q(theme__isnull=True), name="thememeasure_overall_source_unique"
            ),
        ]

    def __str__(self):
        return f"{self.theme or 'All themes'}: {self.get_source_display()}"

    def get_absolute_url(self):
        return reverse("declarations:methodology")


class QuotationMeasure(Scores):
    """How well the quotation matcher found the links of one labelled set, when last measured.

    Written by `manage.py quotation_quality --save`, so the methodology page reads stored rows and never runs the
    matcher per request. A link is right when its pair of paragraphs is; `kinds_agree` counts the right links
    whose kind (quotation, paraphrase) the labels share.
    """

    label_set = models.SlugField(unique=True, help_text="The labelled set's folder name.")
    description = models.TextField(help_text="Who wrote the set, and whether the matcher was tuned on it.")
    news_items = models.PositiveIntegerField(help_text="News items scored.")
    kinds_agree = models.PositiveIntegerField(help_text="Right links whose kind the labels share.")

    class Meta:
        ordering = ["label_set"]

    def __str__(self):
        return f"Quotation links: {self.label_set}"

    def get_absolute_url(self):
        return reverse("declarations:methodology") + "#quotations-heading"


class QuotationLinkQuerySet(models.QuerySet):
    def quoting(self):
        """Links from published news that staff did not reject: shown() but for the source's own publication,
        which a caller holding the source paragraph checks on its row (Paragraph.objects.refresh_quoted)."""
        return self.exclude(origin=QuotationLink.Origin.REJECTED).filter(news__published=True)

    def shown(self):
        """Links a reader sees: not rejected by staff, both paragraphs published."""
        return self.quoting().filter(source__published=True)

    def for_display(self):
        """Both paragraphs with their documents, in one query: what the quotation partials show."""
        return self.select_related("news__document", "source__document")

    def staff_decisions(self):
        """{"confirmed": n, "rejected": n}: the links staff have decided, the growing evidence beside the sets."""
        decided = (
            self.exclude(origin=QuotationLink.Origin.FOUND).values("origin").annotate(n=models.Count("pk"))
        )
        found = {row["origin"]: row["n"] for row in decided.order_by()}
        decisions = (QuotationLink.Origin.CONFIRMED, QuotationLink.Origin.REJECTED)
        return {origin.value: found.get(origin, 0) for origin in decisions}


class QuotationLink(models.Model):
    """A news paragraph that quotes or paraphrases a declaration paragraph of the same summit (issue 17).

    Found by the matcher (declarations/quotations/); staff confirm or reject it. A re-run of the matcher updates
    and removes only found links: a confirmed link stays, a rejected one never comes back.
    """

    class Kind(models.TextChoices):
        QUOTATION = "quotation", "Quotation"
        PARAPHRASE = "paraphrase", "Close paraphrase"

    class Origin(models.TextChoices):
        FOUND = "found", "Found by the matcher"
        CONFIRMED = "confirmed", "Confirmed by staff"
        REJECTED = "rejected", "Rejected by staff"

    news = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="quotes")
    source = models.ForeignKey(
        Paragraph,
        on_delete=models.CASCADE,
        related_name="quoted_in",
        help_text="The declaration paragraph the news paragraph reproduces.",
    )
    kind = models.CharField(
        max_length=12,
        choices=Kind.choices,
        help_text="Quotation: in quotation marks (in any translation) or the declaration's exact words.",
    )
    score = models.FloatField(help_text="How closely the passage follows the paragraph, 0-100.")
    news_start = models.PositiveIntegerField(
        help_text="Where the passage starts in the news paragraph's text."
    )
    news_end = models.PositiveIntegerField()
    source_start = models.PositiveIntegerField(
        help_text="Where the matched words start in the declaration's."
    )
    source_end = models.PositiveIntegerField()
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.FOUND)
    rule = models.CharField(
        max_length=40, blank=True, help_text="The matcher version that last found the link."
    )
    # A copy of the news paragraph's date, so that a paragraph's "Quoted in" reads its first links oldest first
    # from the (source, news date) index instead of joining every link to its news paragraph (figures: README).
    news_date = models.DateField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuotationLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["news", "source"], name="quotationlink_news_source_unique"),
            models.CheckConstraint(condition=~Q(news=F("source")), name="quotationlink_not_itself"),
            models.CheckConstraint(
                condition=Q(news_end__gte=F("news_start")), name="quotationlink_news_span_ordered"
            ),
            models.CheckConstraint(
                condition=Q(source_end__gte=F("source_start")), name="quotationlink_source_span_ordered"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="quotationlink_score_range"
            ),
        ]
        indexes = [
            # a declaration paragraph's page lists the news that quote it, oldest first; Paragraph.quoted is
            # refreshed from the links of each source
            models.Index(fields=["source", "news_date", "news"], name="quotationlink_source_date_idx"),
            # the admin's list of found links to review, best first
            models.Index(fields=["origin", "score"], name="quotationlink_origin_score_idx"),
        ]

    def __str__(self):
        return f"{self.news} → {self.source} ({self.get_kind_display().lower()})"

    def get_absolute_url(self):
        return self.source.get_absolute_url()
