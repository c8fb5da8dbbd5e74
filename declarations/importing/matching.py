"""Pair the paragraphs a re-import replaced with the new paragraphs that are still recognisably them.

The loader's difflib pass over the paragraph sequence keeps identical paragraphs; what is left is a block of
old paragraphs replaced by a block of new ones. Comparing every old paragraph with every new one, character by
character, was quadratic twice over (200 changed paragraphs: 140 s and more). Here each new paragraph is scored
only against a bounded set of candidates:
- the old paragraphs at about the same place in the block (a window of POSITION_WINDOW either side), since a
  revised text mostly keeps its order;
- the old paragraphs sharing its rarest words (RARE_WORDS of them, each of which few old paragraphs hold), so a
  paragraph that moved is still found;
and scored with rapidfuzz's normalised Indel similarity, the C implementation of the ratio difflib gave.
The work is linear in the number of paragraphs times a constant; the pairing rule is the one the loader always
had: in reading order, each new paragraph takes the most similar unpaired old one above SIMILAR_ENOUGH.
"""

import re
from collections import Counter, defaultdict

from rapidfuzz.distance import Indel

SIMILAR_ENOUGH = 0.6  # a changed paragraph still counts as "the same paragraph" above this similarity
POSITION_WINDOW = 8
RARE_WORDS = 6
MAX_CANDIDATES = 24  # from the shared words, those sharing most of them
WORD = re.compile(r"\w{3,}")


def words(text):
    return set(WORD.findall(text.lower()))


def pair_similar(old_texts, new_texts):
    """{new index: old index} for the new paragraphs that are still recognisably an old one."""
    if not old_texts or not new_texts:
        return {}
    old_words = [words(t) for t in old_texts]
    holders = defaultdict(list)  # word -> old indexes holding it
    for i, ws in enumerate(old_words):
        for w in ws:
            holders[w].append(i)
    pairs, used = {}, set()
    scale = len(old_texts) / len(new_texts)
    for j, text in enumerate(new_texts):
        best, best_score = None, SIMILAR_ENOUGH
        for i in candidates(j, scale, len(old_texts), words(text), holders):
            if i in used:
                continue
            score = Indel.normalized_similarity(old_texts[i], text, score_cutoff=best_score)
            if score > best_score:  # candidates come in index order: of equals, the earliest wins
                best, best_score = i, score
        if best is not None:
            pairs[j] = best
            used.add(best)
    return pairs


def candidates(j, scale, count, new_words, holders):
    """Old indexes worth scoring against new paragraph j, in index order (ties go to the earlier one)."""
    centre = round(j * scale)
    near = set(range(max(0, centre - POSITION_WINDOW), min(count, centre + POSITION_WINDOW + 1)))
    rare = sorted((w for w in new_words if w in holders), key=lambda w: len(holders[w]))[:RARE_WORDS]
    shared = Counter(i for w in rare for i in holders[w])
    return sorted(near | {i for i, _ in shared.most_common(MAX_CANDIDATES)})
