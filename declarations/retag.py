"""Apply the themes' rules and the state names to paragraphs in the database.

The matching itself is pure (tagging.py); this module reads the rules and names from the database, and writes
rule tags without ever touching staff decisions: a tag staff added or confirmed stays when the rules stop matching,
and a tag staff rejected never comes back. Each rule tag keeps its rule and the words it matched.
"""

from dataclasses import dataclass, field

from django.db import transaction

from .models import ParagraphTheme, RejectedTag, State, Theme
from .search import counts as summary_counts
from .tagging import RuleError, StateFinder, Tagger, ThemeSpec, parse_rules


@dataclass
class RetagResult:
    added: int = 0
    removed: int = 0
    unchanged: int = 0
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
    """Built once per run: the compiled rules and state names, reused for every paragraph."""

    def __init__(self):
        self.result = RetagResult()
        self.tagger, self.themes = build_tagger(self.result.warnings)
        self.state_finder = StateFinder(state_names())
        self.states = {s.slug: s for s in State.objects.all()}

    @transaction.atomic
    def retag(self, paragraphs):
        with summary_counts.batch():
            return self._retag(list(paragraphs))

    def _retag(self, paragraphs):
        ids = [p.pk for p in paragraphs]
        existing = {}
        for tag in ParagraphTheme.objects.filter(paragraph_id__in=ids).select_related("theme"):
            existing.setdefault(tag.paragraph_id, {})[tag.theme.slug] = tag
        rejected = set(
            RejectedTag.objects.filter(paragraph_id__in=ids).values_list("paragraph_id", "theme__slug")
        )
        to_add, to_remove = [], []
        for paragraph in paragraphs:
            wanted = self.tagger.explain(paragraph.text)
            have = existing.get(paragraph.pk, {})
            changed = False
            for slug, tag in have.items():
                if not tag.reviewed and slug not in wanted:
                    to_remove.append(tag.pk)
                    changed = True
            for slug, (rule, words) in wanted.items():
                if slug in have or (paragraph.pk, slug) in rejected or slug not in self.themes:
                    continue
                to_add.append(
                    ParagraphTheme(
                        paragraph=paragraph,
                        theme=self.themes[slug],
                        origin=ParagraphTheme.Origin.RULE,
                        rule=rule[:300],
                        matched=words[:300],
                    )
                )
                changed = True
            if changed:
                self.result.changed_paragraphs.add(paragraph.pk)
            else:
                self.result.unchanged += 1
            paragraph.states.set([self.states[s] for s in self.state_finder.find(paragraph.text)])
        ParagraphTheme.objects.filter(pk__in=to_remove).delete()
        ParagraphTheme.objects.bulk_create(to_add)
        self.result.added += len(to_add)
        self.result.removed += len(to_remove)
        summary_counts.refresh({p.summit_id for p in paragraphs if p.pk in self.result.changed_paragraphs})
        return self.result
