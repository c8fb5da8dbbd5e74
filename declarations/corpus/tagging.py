"""Theme tags and state mentions for generated paragraphs: the real rules, applied part by part with a cache.

Running declarations.tagging.Tagger on every paragraph costs about 3.8 ms (25 themes of regular expressions
over 600 characters; measured on 20,000 generated paragraphs), over an hour for a million. A generated
paragraph is a sequence of parts (lead-ins, clauses, protocol sentences) drawn from small banks, so the same
parts recur: each distinct part is tagged once by the real rules and a paragraph's tags are the union of its
parts' tags. That equals tagging the whole text as long as no rule match spans two parts, which holds for
the shipped phrase banks and rules (parts end at a full stop or a verb; tests/test_generate_corpus.py compares
the two on thousands of paragraphs, reasons included). Rules joined with `&` can match across parts, so a
paragraph where one of them matches has that rule's theme decided on the whole text by the real rules; so has a
theme with a conditional exclusion (``-A & B``) whose words A and condition B both occur in the paragraph: they may
sit in different parts. Elsewhere the parts' results stand (no part masked anything the whole text would not).
"""

from .. import tagging

_CACHE_LIMIT = 200_000  # distinct parts kept; at about 0.5 kB each this bounds the cache near 100 MB


class CorpusTagger:
    def __init__(self, specs, state_names):
        """specs: declarations.tagging.ThemeSpec for every theme; state_names: lowercased alias -> state slug."""
        specs = list(specs)
        self.tagger = tagging.Tagger(specs)
        # Each theme on its own (no parents), so a part's result holds only the themes its own rules match.
        self.direct_tagger = tagging.Tagger([tagging.ThemeSpec(s.slug, None, s.rules) for s in specs])
        self.rule_order = {s.slug: {rule: i for i, rule in enumerate(s.rules)} for s in specs}
        # Rules joined with `&`, with a tagger for their theme alone: where one matches, that theme is decided
        # on the whole text (about 0.15 ms, against 3.8 ms for all themes).
        self.conjunctions = [
            (s.slug, rule)
            for s in specs
            for rule in (tagging.compile_rule(r) for r in s.rules)
            if not rule.negative and len(rule.patterns) > 1
        ]
        # Conditional exclusions (-A & B): where all of B occurs in a paragraph, its theme is decided on the whole text.
        self.conditions = [
            (s.slug, rule)
            for s in specs
            for rule in (tagging.compile_rule(r) for r in s.rules)
            if rule.negative and len(rule.patterns) > 1
        ]
        self.theme_taggers = {
            slug: tagging.Tagger([tagging.ThemeSpec(slug, None, s.rules)])
            for slug, s in {s.slug: s for s in specs}.items()
            if any(c[0] == slug for c in self.conjunctions + self.conditions)
        }
        self.state_finder = tagging.StateFinder(state_names)
        self._themes = {}
        self._states = {}
        self.parts_tagged = 0
        self.whole_tagged = 0

    def _part(self, part):
        """(direct themes, the terms of `&` rules that match, the conditions of exclusions that occur) of one part, cached."""
        found = self._themes.get(part)
        if found is None:
            if len(self._themes) >= _CACHE_LIMIT:
                self._themes.clear()
            terms = frozenset(
                (i, j)
                for i, (_, rule) in enumerate(self.conjunctions)
                for j, pattern in enumerate(rule.patterns)
                if pattern.search(part)
            )
            conditions = frozenset(
                (i, j)
                for i, (_, rule) in enumerate(self.conditions)
                for j, pattern in enumerate(rule.patterns)
                if pattern.search(part)
            )
            found = self._themes[part] = (self.direct_tagger.tag(part), terms, conditions)
            self.parts_tagged += 1
        return found

    def _part_themes(self, part):
        return self._part(part)[0]

    def themes(self, parts):
        """{slug: reason} exactly as Tagger.tag(" ".join(parts)) returns it."""
        direct, terms, conditions = {}, set(), set()
        for part in parts:
            themes, part_terms, part_conditions = self._part(part)
            terms |= part_terms
            conditions |= part_conditions
            for slug, reason in themes.items():
                # The reason is the theme's first rule in listing order that matches anywhere in the text.
                if slug not in direct or self.rule_order[slug][reason] < self.rule_order[slug][direct[slug]]:
                    direct[slug] = reason
        conjoined = {
            slug
            for i, (slug, rule) in enumerate(self.conjunctions)
            if all((i, j) in terms for j in range(len(rule.patterns)))
        }
        masked = {
            slug
            for i, (slug, rule) in enumerate(self.conditions)
            if slug in direct and all((i, j) in conditions for j in range(len(rule.patterns)))
        }
        for slug in conjoined | masked:
            self.whole_tagged += 1
            reason = self.theme_taggers[slug].tag(" ".join(parts)).get(slug)
            if reason is None:
                direct.pop(slug, None)
            else:
                direct[slug] = reason
        # Parents, as Tagger.tag does it: the first matching child in listing order gives the reason.
        result = {slug: direct[slug] for slug in self.tagger.slugs if slug in direct}
        for slug in self.tagger.slugs:
            if slug not in direct:
                continue
            parent = self.tagger.parents[slug]
            while parent is not None:
                if parent not in result:
                    result[parent] = f"via {slug}: {direct[slug]}"
                parent = self.tagger.parents[parent]
        return result

    def states(self, parts):
        """Slugs of the states named, as find_states(" ".join(parts), names) finds them."""
        found = set()
        for part in parts:
            states = self._states.get(part)
            if states is None:
                if len(self._states) >= _CACHE_LIMIT:
                    self._states.clear()
                states = self._states[part] = self.state_finder.find(part)
            found |= states
        return found

    def neutral(self, names):
        """The names that match no theme on their own ("Afghanistan" does): the generator's {state} slots use
        only these, so a paragraph's themes come from the clauses drawn for it and stay in the banks' weights."""
        return [name for name in names if not self._part_themes(name)]
