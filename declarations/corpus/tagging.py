"""Theme tags and state mentions for generated paragraphs: the real rules, applied part by part with a cache.

A generated paragraph is a sequence of parts (lead-ins, clauses, protocol sentences) drawn from small banks, so
the same parts recur: part_tagging.PartTagger tags each distinct part once, and a paragraph's tags are the union
of its parts' tags. That equals tagging the whole text as long as no rule match spans two parts, which holds for
the shipped phrase banks and rules (parts end at a full stop or a verb; tests/test_generate_corpus.py compares
the two on thousands of paragraphs, reasons included).
"""

from ..part_tagging import PartTagger


class CorpusTagger(PartTagger):
    def themes(self, parts):
        """{slug: reason} exactly as Tagger.tag(" ".join(parts)) returns it."""
        found = self.explain_parts(parts)
        return {slug: reason for slug, (reason, _) in found.items()}

    def states(self, parts):
        """Slugs of the states named, as find_states(" ".join(parts), names) finds them."""
        return self.states_of_parts(parts)

    def neutral(self, names):
        """The names that match no theme on their own ("Afghanistan" does): the generator's {state} slots use
        only these, so a paragraph's themes come from the clauses drawn for it and stay in the banks' weights."""
        return [name for name in names if not self._part(name)[0]]
