"""Staff review as the measure of the rules: figures from the reviewed tags, and what a rule change would do.

A reviewed tag is a staff decision on one (paragraph, theme): a rule's tag confirmed (the rules were right), a tag
rejected (a RejectedTag: wrong), or a tag staff added themselves (the rules had missed it). Figures as the tags
stand: precision = confirmed / (confirmed + rejected rule tags), recall = confirmed / (confirmed + staff-added).
To judge a rule change, both rule sets are run over the text of every reviewed paragraph of the theme instead.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from .models import Paragraph, ParagraphTheme, RejectedTag, Theme, ThemeMeasure
from .tagging import Tagger, ThemeSpec, parse_rules

# A preview runs inside a request: it reads at most this many paragraphs and this many reviewed tags, and says so.
SCAN_LIMIT = 20_000
REVIEWED_LIMIT = 5_000
EXAMPLES = 10


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def reviewed(self):
        return self.tp + self.fp + self.fn


def staff_counts():
    """{theme id: Counts} of the reviewed tags as they stand (three grouped counts on indexed rows)."""
    counts = {}
    reviewed = ParagraphTheme.objects.filter(
        Q(origin=ParagraphTheme.Origin.STAFF) | Q(confirmed_at__isnull=False)
    )
    for theme_id, origin, n in reviewed.values_list("theme_id", "origin").annotate(n=Count("pk")).order_by():
        row = counts.setdefault(theme_id, Counts())
        if origin == ParagraphTheme.Origin.RULE:
            row.tp += n
        else:
            row.fn += n
    rejected = RejectedTag.objects.filter(origin=ParagraphTheme.Origin.RULE)
    for theme_id, n in rejected.values_list("theme_id").annotate(n=Count("pk")).order_by():
        counts.setdefault(theme_id, Counts()).fp += n
    return counts


def summary(theme, counts):
    """One line for staff: the theme's figures on its reviewed tags."""
    if not counts.reviewed:
        return f"{theme.name}: no reviewed tags yet."
    p = "–" if counts.precision is None else f"{counts.precision:.2f}"
    r = "–" if counts.recall is None else f"{counts.recall:.2f}"
    return (
        f"{theme.name} on reviewed tags: precision {p} ({counts.tp} confirmed, {counts.fp} rejected), "
        f"recall {r} ({counts.fn} added by staff)."
    )


@transaction.atomic
def refresh_staff_measures():
    """Store the staff-review figures for the public pages (ThemeMeasure rows, source=staff)."""
    counts = staff_counts()
    leaves = set(Theme.objects.filter(children__isnull=True).values_list("pk", flat=True))
    now = timezone.now()
    ThemeMeasure.objects.filter(source=ThemeMeasure.Source.STAFF).delete()
    rows = [
        ThemeMeasure(
            theme_id=theme_id,
            source=ThemeMeasure.Source.STAFF,
            true_positives=c.tp,
            false_positives=c.fp,
            false_negatives=c.fn,
            paragraphs=c.reviewed,
            measured_at=now,
        )
        for theme_id, c in counts.items()
    ]
    total = Counts()
    for theme_id, c in counts.items():
        if theme_id in leaves:
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
    rows.append(
        ThemeMeasure(
            theme=None,
            source=ThemeMeasure.Source.STAFF,
            true_positives=total.tp,
            false_positives=total.fp,
            false_negatives=total.fn,
            paragraphs=total.reviewed,
            measured_at=now,
        )
    )
    ThemeMeasure.objects.bulk_create(rows)


# Previewing a rule change ---------------------------------------------------------------------------------------


@dataclass
class Change:
    paragraph: Paragraph
    rule: str
    words: str


@dataclass
class RulePreview:
    added: int = 0
    removed: int = 0
    added_examples: list = field(default_factory=list)
    removed_examples: list = field(default_factory=list)
    scanned: int = 0
    total: int = 0
    before: Counts = field(default_factory=Counts)
    after: Counts = field(default_factory=Counts)
    reviewed_capped: bool = False

    @property
    def partial(self):
        return self.scanned < self.total

    @property
    def table(self):
        return [("Saved rules", self.before), ("New rules", self.after)]

    @property
    def example_groups(self):
        return [
            ("Examples of tags added", self.added_examples),
            ("Examples of tags removed", self.removed_examples),
        ]


def _theme_tagger(slug, rules_text):
    return Tagger([ThemeSpec(slug=slug, parent=None, rules=tuple(parse_rules(rules_text)))])


def preview_rules(theme, new_rules):
    """What replacing `theme`'s saved rules by `new_rules` would do (raises RuleError on invalid rules).

    Tags added and removed on (at most SCAN_LIMIT) paragraphs, against the tags they carry now; staff decisions
    are never changed, so confirmed and staff tags are not counted as removed, nor rejected ones as added. And the
    precision and recall of the old and the new rules on the theme's reviewed tags.
    """
    slug = theme.slug or "preview"
    old = _theme_tagger(slug, theme.rules if theme.pk else "")
    new = _theme_tagger(slug, new_rules)
    preview = RulePreview(total=Paragraph.objects.count())
    tags, rejected = {}, set()
    rows = list(Paragraph.objects.order_by("pk").values_list("pk", "text")[:SCAN_LIMIT])
    preview.scanned = len(rows)
    if theme.pk and rows:
        last = rows[-1][0]
        tags = {
            tag.paragraph_id: tag
            for tag in ParagraphTheme.objects.filter(theme=theme, paragraph_id__lte=last).only(
                "paragraph_id", "origin", "confirmed_at"
            )
        }
        rejected = set(
            RejectedTag.objects.filter(theme=theme, paragraph_id__lte=last).values_list(
                "paragraph_id", flat=True
            )
        )
    added, removed = [], []
    for pk, text in rows:
        found = new.explain(text).get(slug)
        tag = tags.get(pk)
        if found and tag is None and pk not in rejected:
            added.append((pk, found))
        elif not found and tag is not None and not tag.reviewed:
            removed.append((pk, old.explain(text).get(slug, ("", ""))))
    preview.added, preview.removed = len(added), len(removed)
    shown = {
        p.pk: p
        for p in Paragraph.objects.select_related("document").filter(
            pk__in=[pk for pk, _ in added[:EXAMPLES] + removed[:EXAMPLES]]
        )
    }
    preview.added_examples = [Change(shown[pk], *found) for pk, found in added[:EXAMPLES]]
    preview.removed_examples = [Change(shown[pk], *found) for pk, found in removed[:EXAMPLES]]
    if theme.pk:
        _score_reviewed(theme, slug, old, new, preview)
    return preview


def _score_reviewed(theme, slug, old, new, preview):
    positive = ParagraphTheme.objects.filter(theme=theme).filter(
        Q(origin=ParagraphTheme.Origin.STAFF) | Q(confirmed_at__isnull=False)
    )
    gold = dict.fromkeys(positive.values_list("paragraph_id", flat=True)[:REVIEWED_LIMIT], True)
    negative = RejectedTag.objects.filter(theme=theme).values_list("paragraph_id", flat=True)
    gold.update(dict.fromkeys(negative[:REVIEWED_LIMIT], False))
    preview.reviewed_capped = len(gold) >= REVIEWED_LIMIT
    for pk, text in Paragraph.objects.filter(pk__in=list(gold)).values_list("pk", "text").iterator():
        for tagger, counts in ((old, preview.before), (new, preview.after)):
            predicted = slug in tagger.tag(text)
            if predicted and gold[pk]:
                counts.tp += 1
            elif predicted:
                counts.fp += 1
            elif gold[pk]:
                counts.fn += 1
