"""Tagging many texts fast: what Tagger.explain and StateFinder.find give, computed part by part with a cache.

The full Tagger costs about 5 ms a paragraph (25 themes of regular expressions), well over an hour for a million
paragraphs. Declarations and the news repeat themselves sentence for sentence (the million-paragraph benchmark
corpus holds 6 million sentences, 205 thousand of them distinct), so a text is cut into parts, each distinct
part is tagged once, and the text's tags are the union of its parts' tags (figures: README, Performance).

That union equals tagging the whole text as long as no rule or state name can match across a cut:
- split() cuts only after a full stop followed by a space, keeping the stop with its part, and only when no rule
  and no state name holds a full stop before a space or hyphen ("U.S.A." is fine, "St. Petersburg" is not): a
  phrase's words are joined by whitespace and hyphens, a prefix by word characters, so nothing else can reach
  over the space after a full stop;
- a rule joined with `&` can match across parts, so a text where all of one's terms occur has that rule's
  theme decided on the whole text by the real rules; so has a theme with a conditional exclusion (`-A & B`)
  whose terms all occur (they may sit in different parts);
- a theme's reason is its first rule in listing order that matches in any part, and the words are those of
  the first part where that rule matches: the leftmost match, as in the whole text.
Callers that build texts from known parts (the corpus generator) pass the parts themselves.
"""

import re

from .tagging import _DASHES, StateFinder, Tagger, ThemeSpec, compile_rule

CACHE_LIMIT = 500_000  # distinct parts kept; at about 0.2 kB each this bounds the cache near 100 MB
CUT = ". "
# A full stop before a separator of words: a rule or name that holds one could match across a cut.
_STOP_INSIDE = re.compile(f"\\.[^\\s{_DASHES}]*[\\s{_DASHES}]")


class PartTagger:
    def __init__(self, specs, state_names):
        """specs: declarations.tagging.ThemeSpec for every theme; state_names: lowercased alias -> state slug."""
        specs = list(specs)
        self.tagger = Tagger(specs)
        # Each theme on its own (no parents), so a part's result holds only the themes its own rules match.
        self.direct_tagger = Tagger([ThemeSpec(s.slug, None, s.rules) for s in specs])
        self.rule_order = {s.slug: {rule: i for i, rule in enumerate(s.rules)} for s in specs}
        compiled = [(s.slug, compile_rule(rule)) for s in specs for rule in s.rules]
        # Rules whose terms may sit in different parts: `&` rules ("and") and conditional exclusions ("not").
        self.spanning = [
            ("not" if rule.negative else "and", slug, rule)
            for slug, rule in compiled
            if len(rule.patterns) > 1
        ]
        self._terms, self._unkeyed_terms = {}, []  # a term (rule index, term index) by the keys it needs
        for i, (_, _, rule) in enumerate(self.spanning):
            for j, (pattern, keys) in enumerate(zip(rule.patterns, rule.keys, strict=True)):
                if keys is None:
                    self._unkeyed_terms.append(((i, j), pattern))
                for key in keys or ():
                    self._terms.setdefault(key, []).append(((i, j), pattern))
        self.theme_taggers = {
            s.slug: Tagger([ThemeSpec(s.slug, None, s.rules)])
            for s in specs
            if any(slug == s.slug for _, slug, _ in self.spanning)
        }
        self.state_finder = StateFinder(state_names)
        written = [rule for s in specs for rule in s.rules] + list(state_names)
        self.cuttable = not any(_STOP_INSIDE.search(words) for words in written)
        self._parts = {}
        self.parts_tagged = 0
        self.whole_tagged = 0

    def split(self, text):
        """The parts of a text that no rule or state name can match across (the text itself if it cannot be cut);
        joined by spaces they are the text."""
        if not self.cuttable:
            return [text]
        pieces = text.split(CUT)
        return [piece + "." for piece in pieces[:-1]] + pieces[-1:]

    def explain(self, text):
        """Tagger.explain(text): {slug: (reason, words)}."""
        return self.explain_parts(self.split(text), text)

    def find_states(self, text):
        """StateFinder.find(text): the slugs of the states named."""
        return self.states_of_parts(self.split(text))

    def explain_and_find_states(self, text):
        """explain(text) and find_states(text), cutting the text once."""
        parts = self.split(text)
        return self.explain_parts(parts, text), self.states_of_parts(parts)

    def _part(self, part):
        """(direct {slug: (reason, words)}, the terms of spanning rules that occur, the states named) of one part,
        cached."""
        found = self._parts.get(part)
        if found is None:
            if len(self._parts) >= CACHE_LIMIT:
                self._parts.clear()
            present = self.direct_tagger.keys(part)
            terms = {
                term for key in present for term, pattern in self._terms.get(key, ()) if pattern.search(part)
            }
            terms.update(term for term, pattern in self._unkeyed_terms if pattern.search(part))
            states = self.state_finder.find(part, present)
            found = self._parts[part] = (self.direct_tagger.explain(part, present), frozenset(terms), states)
            self.parts_tagged += 1
        return found

    def explain_parts(self, parts, text=None):
        """Tagger.explain(text) for the text the parts make when joined by spaces (the text, if given)."""
        direct, terms = {}, set()
        for part in parts:
            themes, part_terms, _ = self._part(part)
            terms |= part_terms
            for slug, found in themes.items():
                # The reason is the theme's first rule in listing order that matches anywhere in the text.
                if (
                    slug not in direct
                    or self.rule_order[slug][found[0]] < self.rule_order[slug][direct[slug][0]]
                ):
                    direct[slug] = found
        # A spanning rule all of whose terms occur decides its theme on the whole text: an `&` rule may match, an
        # exclusion may take away what the parts found (it can only take away, so only a theme found is redone).
        whole = set()
        for i in {i for i, _ in terms}:  # the spanning rules some of whose terms occur
            how, slug, rule = self.spanning[i]
            if (how == "and" or slug in direct) and all((i, j) in terms for j in range(len(rule.patterns))):
                whole.add(slug)
        if whole:
            text = " ".join(parts) if text is None else text
        for slug in whole:
            self.whole_tagged += 1
            found = self.theme_taggers[slug].explain(text).get(slug)
            if found is None:
                direct.pop(slug, None)
            else:
                direct[slug] = found
        return self.tagger.with_parents({slug: direct[slug] for slug in self.tagger.slugs if slug in direct})

    def states_of_parts(self, parts):
        found = set()
        for part in parts:
            found |= self._part(part)[2]
        return found
