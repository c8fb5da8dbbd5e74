"""Apply the themes' rules and the state names to paragraphs in the database.

The matching itself is pure (tagging.py); this module reads the rules and names from the database, and writes
rule tags without ever touching staff decisions: a tag staff added or confirmed stays when the rules stop matching,
and a tag staff rejected never comes back. Each rule tag keeps its rule and the words it matched.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet

from .models import Paragraph, ParagraphTheme, RejectedTag, State, Theme
from .part_tagging import PartTagger
from .search import counts as summary_counts
from .tagging import RuleError, Tagger, ThemeSpec, parse_rules

# Paragraphs read, tagged and written a round at a time (a queryset is walked by its ids).
CHUNK = 2_000


@dataclass
class RetagResult:
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    paragraphs: int = 0
    warnings: list = field(default_factory=list)
    changed_paragraphs: set = field(default_factory=set)

    def summary(self):
        return f"{self.added} tags added, {self.removed} removed, {self.unchanged} paragraphs unchanged"


def build_tagger(warnings=None):
    specs, themes = theme_specs(warnings)
    return Tagger(specs), themes


def theme_specs(warnings=None):
    """The database's themes as ThemeSpecs (a theme with invalid rules gets none, with a warning), and {slug: Theme}."""
    specs = []
    themes = list(Theme.objects.select_related("parent"))
    for theme in themes:
        try:
            rules = tuple(parse_rules(theme.rules))
        except RuleError as e:
            if warnings is not None:
                warnings.append(f"theme '{theme.slug}': rules skipped: {e}")
            rules = ()
        specs.append(
            ThemeSpec(slug=theme.slug, parent=theme.parent.slug if theme.parent_id else None, rules=rules)
        )
    return specs, {t.slug: t for t in themes}


def state_names():
    names = {}
    for state in State.objects.prefetch_related("aliases"):
        for name in [state.name, state.short_name, *(a.name for a in state.aliases.all())]:
            names[name.lower()] = state.slug
    return names


class Retagger:
    """Built once per run: the compiled rules and state names (PartTagger, with its cache of tagged sentences),
    reused for every paragraph. A run reads and writes CHUNK paragraphs a round, by bulk queries."""

    def __init__(self):
        self.result = RetagResult()
        specs, self.themes = theme_specs(self.result.warnings)
        self.parts = PartTagger(specs, state_names())
        self.tagger = self.parts.tagger
        self.slugs = {theme.pk: slug for slug, theme in self.themes.items()}
        self.state_ids = dict(State.objects.values_list("slug", "pk"))

    def without_rejected(self, wanted, rejected):
        """The tagger's {slug: (reason, words)} less the themes staff rejected, and less a parent that only a rejected
        child gave: staff said the child does not apply, so the parent does not through it."""
        kept = {slug: found for slug, found in wanted.items() if slug not in rejected}
        result = {slug: found for slug, found in kept.items() if not found[0].startswith("via ")}
        for slug in self.tagger.slugs:  # listing order, as Tagger gives parents their reason
            if slug not in result or result[slug][0].startswith("via "):
                continue
            parent = self.tagger.parents[slug]
            while parent is not None:
                if parent in kept and parent not in result:
                    reason, words = result[slug]
                    result[parent] = (f"via {slug}: {reason}", words)
                parent = self.tagger.parents[parent]
        return result

    def retag(self, paragraphs):
        """Retag Paragraph instances, or a queryset of paragraphs (read CHUNK at a time, by id)."""
        with transaction.atomic(), summary_counts.batch():
            if isinstance(paragraphs, QuerySet):
                rows = paragraphs.order_by("pk").values_list("pk", "text", "summit_id")
                chunk = list(rows[:CHUNK])
                while chunk:
                    self._retag(chunk)
                    chunk = list(rows.filter(pk__gt=chunk[-1][0])[:CHUNK]) if len(chunk) == CHUNK else []
            else:
                paragraphs = sorted(paragraphs, key=lambda p: p.pk)
                for start in range(0, len(paragraphs), CHUNK):
                    self._retag([(p.pk, p.text, p.summit_id) for p in paragraphs[start : start + CHUNK]])
        return self.result

    def _retag(self, rows):
        """rows: (id, text, summit id) of each paragraph, in the order of their ids."""
        ids = [pk for pk, _, _ in rows]
        existing = {}
        for tag in ParagraphTheme.objects.filter(of_paragraphs(ids)).values_list(
            "pk", "paragraph_id", "theme_id", "origin", "confirmed_at", "rule", named=True
        ):
            existing.setdefault(tag.paragraph_id, {})[self.slugs[tag.theme_id]] = tag
        rejected_in = {}
        for paragraph_id, slug in RejectedTag.objects.filter(of_paragraphs(ids)).values_list(
            "paragraph_id", "theme__slug"
        ):
            rejected_in.setdefault(paragraph_id, set()).add(slug)
        states = Paragraph.states.through
        named = {}
        for pk, paragraph_id, state_id in states.objects.filter(of_paragraphs(ids)).values_list(
            "pk", "paragraph_id", "state_id"
        ):
            named.setdefault(paragraph_id, {})[state_id] = pk
        to_add, to_remove, to_explain, states_added, states_removed = [], [], [], [], []
        changed_summits = set()
        for (
            pk,
            text,
            summit_id,
        ) in rows:  # rows of other paragraphs that of_paragraphs() read are never looked up
            wanted, named_now = self.parts.explain_and_find_states(text)
            rejected = rejected_in.get(pk, set())
            if rejected:
                wanted = self.without_rejected(wanted, rejected)
            have = existing.get(pk, {})
            changed = False
            for slug, tag in have.items():
                if not ParagraphTheme.is_review(tag.origin, tag.confirmed_at) and slug not in wanted:
                    to_remove.append(tag.pk)
                    changed = True
            for slug, (rule, words) in wanted.items():
                tag = have.get(slug)
                if tag is not None:
                    if not ParagraphTheme.is_review(tag.origin, tag.confirmed_at) and tag.rule != rule[:300]:
                        # another rule now gives it: the provenance shown follows (the words only with a new rule,
                        # so tags loaded without their words are not all rewritten by one retag)
                        to_explain.append(ParagraphTheme(pk=tag.pk, rule=rule[:300], matched=words[:300]))
                    continue
                if slug in rejected or slug not in self.themes:
                    continue
                to_add.append(
                    ParagraphTheme(
                        paragraph_id=pk,
                        theme=self.themes[slug],
                        origin=ParagraphTheme.Origin.RULE,
                        rule=rule[:300],
                        matched=words[:300],
                    )
                )
                changed = True
            if changed:
                self.result.changed_paragraphs.add(pk)
                changed_summits.add(summit_id)
            else:
                self.result.unchanged += 1
            state_ids = {self.state_ids[slug] for slug in named_now}
            had = named.get(pk, {})
            states_removed.extend(link for state_id, link in had.items() if state_id not in state_ids)
            states_added.extend(states(paragraph_id=pk, state_id=s) for s in state_ids if s not in had)
        ParagraphTheme.objects.filter(pk__in=to_remove).delete()
        ParagraphTheme.objects.bulk_create(to_add)
        ParagraphTheme.objects.bulk_update(to_explain, ["rule", "matched"], batch_size=500)
        states.objects.filter(pk__in=states_removed).delete()
        states.objects.bulk_create(states_added)
        self.result.added += len(to_add)
        self.result.removed += len(to_remove)
        self.result.paragraphs += len(rows)
        summary_counts.refresh(changed_summits)


def of_paragraphs(ids):
    """The rows of these paragraphs (ids in order), and where the ids lie close together, of those between them:
    a range costs the database what an IN list does, and saves Django preparing two thousand parameters three times
    a chunk (figures: README, Performance)."""
    if ids and ids[-1] - ids[0] < 2 * len(ids):
        return Q(paragraph_id__gte=ids[0], paragraph_id__lte=ids[-1])
    return Q(paragraph_id__in=ids)
