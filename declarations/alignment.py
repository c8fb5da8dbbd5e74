"""Align the paragraphs of two documents and show how their wording changed (Python and numpy, no Django).

Similarity is the cosine of two bags of content words (lowercased, stop words dropped, Snowball-stemmed),
weighted by how rare each word is among the paragraphs being compared, so it ignores word order and
punctuation and rewards shared distinctive vocabulary: "the member states support the
Convention" and "the Convention is supported by member states" score high.

Two parts of at most 500 paragraphs each (what the compare page aligns at a time) are scored whole, every pair at
once, as one matrix product of the paragraphs' unit vectors (numpy; _scored_matrix). Longer inputs, and parts that
share an unusually large vocabulary, are scored only at candidate pairs, never every paragraph against every other (issue 14: two 3,000-paragraph documents took a
worker over 30 s). The candidates come from an inverted index over the stemmed words, rarest
first, within a budget proportional to the documents' length, plus paragraphs with identical words and a
narrow band around each paragraph's place in the other document (_candidate_pairs). Documents of a hundred
paragraphs fit the budget whole, so for them this is exactly "score every pair that shares a word". The work
is linear in the documents' length (a few million operations for 3,000 paragraphs a side, about a second),
and the page bounds it further (views/compare.py aligns at most PART paragraphs of each at a time).

Alignment is one-to-one and greedy by score: the best-scoring pair is taken first, then the best pair among
the paragraphs still free, down to a threshold. It is not order-preserving on purpose: a later declaration
moves paragraphs about, and a moved paragraph should read as "reworded", not as "dropped" here and "new"
there. A paragraph left over has no counterpart: "dropped" if it is only in the first document, "new" if
only in the second. Rows follow the first document's reading order; a paragraph only in the second document
is placed after the row holding its nearest preceding aligned neighbour, so the right-hand column reads
roughly in its own order too.

The word-level diff of an aligned pair is a longest common subsequence of word, space and punctuation tokens
(rapidfuzz's Indel opcodes, in C++: difflib's SequenceMatcher took 0.45 s of the 0.8 s a comparison of two long
documents cost at a million paragraphs), so the segments join back into exactly the original texts; a row works
it out when first asked.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import snowballstemmer
from rapidfuzz.distance import Indel

__all__ = [
    "Segment",
    "Row",
    "content_words",
    "similarity",
    "similarities",
    "word_diff",
    "align",
    "ALIGN_THRESHOLD",
    "DIFF_WORK",
    "diff_rows",
]

# Below this cosine two paragraphs share too little wording to be called versions of each other.
ALIGN_THRESHOLD = 0.25
# Candidate generation takes at most this many paragraphs of the other document for each paragraph, or
# MIN_PAIR_BUDGET shared among all paragraphs when that gives more: two 150-paragraph declarations fit whole.
PAIRS_PER_PARAGRAPH = 20
MIN_PAIR_BUDGET = 50_000
# Two parts of at most this many pairs of paragraphs are scored whole (_scored_matrix): the page aligns at most
# 500 paragraphs of each document at a time (views/compare.py) ...
MATRIX_PAIRS = 500 * 500
# ... unless pairs times shared words pass this (a product of roughly a tenth of a second on one core): two
# parts sharing more words than that (unrelated vocabularies) are scored at candidate pairs.
MATRIX_WORK = 2_000_000_000
# The most cells one block of the product holds (float64: 16 MB).
MATRIX_CELLS = 2_000_000
# Scores are rounded so that two ways of summing the same cosine rank equal pairs alike.
SCORE_DIGITS = 9
# Each left paragraph is also scored against the right paragraphs this close to its proportional place.
BAND = 3
# The most work (diff_cost) one pair's word diff may take, about 40 ms: two paragraphs of 200 words each
# that differ throughout. Beyond it what differs is marked changed as a whole.
DIFF_WORK = 40_000
# The most work the word diffs of one page may take together (diff_rows), about two seconds.
PAGE_DIFF_WORK = 2_000_000

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_DIFF_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|\s+|[^\w\s]")

STEMMER = snowballstemmer.stemmer("english")

# Function words that every paragraph shares; counting them would make any two paragraphs look alike.
STOP_WORDS = frozenset(
    """
    a about above after again against all also an and any are as at be been before being both but by
    can could did do does doing during each few for from further had has have having he her here
    hers him his how i if in into is it its itself me more most my no nor not of off on once only or
    other our ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up upon very was we were what when where
    which while who whom why will with within would you your
    """.split()  # noqa: SIM905 (a list literal of 120 words reads worse)
)


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball stem of a lowercased word, remembered: the pure-Python stemmer cost a paragraph page's lineage
    (200 candidates, 10,000 words) a second; the archive's vocabulary is a few tens of thousands of words."""
    return STEMMER.stemWord(word)


def surface_words(text: str) -> list[tuple[str, str]]:
    """(word as written, lowercased; its stem) for each content word of the text, in order."""
    words = [w.replace("\u2019", "'") for w in _WORD.findall(text.lower())]
    words = [w for w in words if w not in STOP_WORDS and not w.isdigit()]
    return [(word, stem(word)) for word in words]


def content_words(text: str) -> Counter:
    """The bag of content words of a text: lowercased, stop words dropped, Snowball-stemmed.

    Snowball English is also what PostgreSQL's full-text search stems with, so "Syrians" and "Syrian",
    "implementation" and "implement" count as one word here as they do in the search index.
    """
    return Counter(stem for _word, stem in surface_words(text))


def weighted(bags: Sequence[Counter]) -> list[dict[str, float]]:
    """The bags weighted by inverse document frequency within them (smoothed, so no word weighs zero).

    Within two SCO documents "member states" and "Organization" are in nearly every paragraph; unweighted they
    make unrelated paragraphs look alike, weighted they count about a third as much as a rare word.
    """
    frequency = Counter(word for bag in bags for word in bag)
    idf = dict(zip(frequency, _idf(len(bags), np.fromiter(frequency.values(), float)).tolist(), strict=True))
    return [{word: count * idf[word] for word, count in bag.items()} for bag in bags]


def _idf(texts, frequencies):
    """Smoothed inverse document frequency of words found in `frequencies` (an array) of `texts` texts."""
    return np.log((1 + texts) / (1 + frequencies)) + 1


def _norm(bag) -> float:
    return math.sqrt(sum(n * n for n in bag.values()))


def _cosine(a, b, norm_a: float, norm_b: float) -> float:
    if not norm_a or not norm_b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(n * b[w] for w, n in a.items() if w in b) / (norm_a * norm_b)


def similarity(text_a: str, text_b: str) -> float:
    """Cosine similarity of the two texts' content words: 1.0 same vocabulary, 0.0 nothing in common."""
    a, b = content_words(text_a), content_words(text_b)
    return _cosine(a, b, _norm(a), _norm(b))


def similarities(text: str, others: Sequence[str]) -> list[float]:
    """The similarity of text to each of others, words weighted by their rarity among all of them."""
    bags = weighted([content_words(t) for t in [text, *others]])
    norms = [_norm(bag) for bag in bags]
    return [_cosine(bags[0], bag, norms[0], norm) for bag, norm in zip(bags[1:], norms[1:], strict=True)]


class Segment(NamedTuple):
    """A run of text in a diff: kind is "same", "del" (only on the left) or "ins" (only on the right)."""

    kind: str
    text: str


def _push(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def word_diff(left: str, right: str, work: int | None = None) -> tuple[list[Segment], list[Segment]]:
    """The left text as same/del segments and the right text as same/ins segments.

    Joining each side's segments gives back that side's text exactly. A change of case or a space is a change;
    whitespace runs between changed words are folded into the change so highlights read as phrases. What the
    two share at the start and the end is set aside first; when what is left would cost more than `work`
    (default DIFF_WORK; see diff_cost), it is marked changed as a whole instead of word by word.
    """
    left_segments, right_segments, _cost = _word_diff(left, right, DIFF_WORK if work is None else work)
    return left_segments, right_segments


def _word_diff(left: str, right: str, work: int) -> tuple[list[Segment], list[Segment], int]:
    """word_diff(), and the work it took."""
    left_segments: list[Segment] = []
    right_segments: list[Segment] = []
    runs, cost = _diff_runs(left, right, work)
    for op, left_text, right_text in runs:
        _push(left_segments, "same" if op == "equal" else "del", left_text)
        _push(right_segments, "same" if op == "equal" else "ins", right_text)
    return left_segments, right_segments, cost


def diff_cost(a: Sequence[str], b: Sequence[str]) -> int:
    """The budget's measure of a word diff: for each token of a, every place it occurs in b. It was the first pass
    of difflib's SequenceMatcher, which repetitive text made explode ("war and peace " * 170 against its shift by
    one word took 0.7 s); the LCS that replaced it is bounded by the lengths alone, and the budget still bounds what
    one row may cost."""
    counts = Counter(b)
    return sum(n * counts[token] for token, n in Counter(a).items())


def _diff_runs(left: str, right: str, work: int):
    """(op, left text, right text) runs, op "equal" or "change", spaces between changes folded in; and the
    work it took.

    The longest common subsequence of both whole texts' tokens when that is within `work`; otherwise of what is
    left once the tokens they share at the start and the end are set aside, when that is; otherwise that middle is
    marked changed as a whole.
    """
    a, b = _DIFF_TOKEN.findall(left), _DIFF_TOKEN.findall(right)
    if left == right:
        return [("equal", left, right)] if left else [], 0
    start = end = 0
    cost = diff_cost(a, b)
    if cost > work:
        while start < min(len(a), len(b)) and a[start] == b[start]:
            start += 1
        while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
            end += 1
        cost = diff_cost(a[start : len(a) - end], b[start : len(b) - end])
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    if cost > work:
        cost, middle = 0, [("replace", 0, len(middle_a), 0, len(middle_b))]
    else:
        middle = [tuple(opcode) for opcode in Indel.opcodes(middle_a, middle_b)]
    opcodes = [
        ("equal", 0, start, 0, start),
        *((op, i1 + start, i2 + start, j1 + start, j2 + start) for op, i1, i2, j1, j2 in middle),
        ("equal", len(a) - end, len(a), len(b) - end, len(b)),
    ]
    runs = [
        (op, "".join(a[i1:i2]), "".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in _merge_space_only_equals(opcodes, a)
    ]
    return runs, cost


def _merge_space_only_equals(opcodes, a):
    """Opcodes as alternating equal/change runs, a whitespace-only equal run between two changes folded in (a
    whitespace run is one token)."""
    runs = []
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 == i2 and j1 == j2:
            continue
        kind = "equal" if tag == "equal" else "change"
        if runs and runs[-1][0] == kind:
            runs[-1][2], runs[-1][4] = i2, j2
        else:
            runs.append([kind, i1, i2, j1, j2])
    folded = []
    k = 0
    while k < len(runs):
        run = runs[k]
        if (
            run[0] == "equal"
            and folded
            and k + 1 < len(runs)
            and run[2] - run[1] == 1
            and a[run[1]].isspace()
        ):
            folded[-1][2], folded[-1][4] = runs[k + 1][2], runs[k + 1][4]
            k += 2
            continue
        folded.append(run)
        k += 1
    return folded


@dataclass
class Row:
    """One line of the side-by-side view: left and right are indexes into the inputs, or None.

    The word diff of a pair is worked out when first asked for, so a page that shows some of the rows pays
    for those only.
    """

    left: int | None
    right: int | None
    score: float = 0.0
    left_text: str = ""
    right_text: str = ""

    @property
    def status(self) -> str:
        """ "same" (identical), "changed", "dropped" (only on the left) or "new" (only on the right)."""
        if self.right is None:
            return "dropped"
        if self.left is None:
            return "new"
        return "same" if self.left_text == self.right_text else "changed"

    @functools.cached_property
    def segments(self) -> tuple[list[Segment], list[Segment]]:
        if self.left is not None and self.right is not None:
            return word_diff(self.left_text, self.right_text)
        whole = Segment("same", self.left_text or self.right_text)
        return ([whole] if self.left_text else []), ([whole] if self.right_text else [])

    @property
    def left_segments(self) -> list[Segment]:
        return self.segments[0]

    @property
    def right_segments(self) -> list[Segment]:
        return self.segments[1]


def diff_rows(rows: Sequence[Row], work: int = PAGE_DIFF_WORK) -> None:
    """Work out the word diffs of these rows, in order, within one budget of work for all of them: a pair past
    it is marked changed as a whole. A page of 500 pairs of long reworded paragraphs stays bounded so."""
    for row in rows:
        if row.left is None or row.right is None or "segments" in row.__dict__:
            continue
        left_segments, right_segments, cost = _word_diff(row.left_text, row.right_text, min(DIFF_WORK, work))
        row.segments = (left_segments, right_segments)
        work -= cost


def _features(stems: Sequence[str]) -> set:
    """What candidate generation looks paragraphs up by: their stems and pairs of adjacent stems. A pair is
    far rarer than either word in formulaic text, yet survives most rewordings."""
    return set(stems).union(f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False))


def _rarest_first_pairs(features: Sequence[set], postings: dict, budget: int):
    """(index in features, index in postings) pairs: each paragraph's features rarest first in the other
    document, their paragraphs taken while the paragraph's budget lasts."""
    by_rarity = sorted(postings, key=lambda feature: (len(postings[feature]), feature))
    rank = {feature: k for k, feature in enumerate(by_rarity)}
    for index, bag in enumerate(features):
        left = budget
        for k in sorted(rank[feature] for feature in bag if feature in rank):
            others = postings[by_rarity[k]]
            left -= len(others)
            if left < 0:
                break
            for other in others:
                yield index, other


def _candidate_pairs(
    left_stems: Sequence[list[str]], right_stems: Sequence[list[str]]
) -> set[tuple[int, int]]:
    """The pairs worth scoring: at most (PAIRS_PER_PARAGRAPH + 2 * BAND + 2) per paragraph of either document,
    or MIN_PAIR_BUDGET in all when that is more.

    1. Each paragraph, of either document, with the paragraphs of the other that share its rarest words or
       pairs of adjacent words, rarest first while its share of the budget lasts. Documents of a hundred
       paragraphs or so get every pair that shares a word, as if all pairs were scored; in long ones a
       paragraph stops before the words that much of the other document shares, which cannot make a pair
       on their own.
    2. Paragraphs with the same content words, the k-th on the left with the k-th on the right: boilerplate
       repeated throughout a long text may have no rare word, and the greedy pass pairs them so.
    3. A band around each left paragraph's proportional place on the right, for a reworded paragraph whose
       words are all common ones.
    """
    n, m = len(left_stems), len(right_stems)
    left_features = [_features(stems) for stems in left_stems]
    right_features = [_features(stems) for stems in right_stems]
    left_postings, right_postings = defaultdict(list), defaultdict(list)
    for postings, features in ((left_postings, left_features), (right_postings, right_features)):
        for index, bag in enumerate(features):
            for feature in bag:
                postings[feature].append(index)
    budget = max(PAIRS_PER_PARAGRAPH, MIN_PAIR_BUDGET // max(1, n + m))
    pairs = set(_rarest_first_pairs(left_features, right_postings, budget))
    pairs.update((i, j) for j, i in _rarest_first_pairs(right_features, left_postings, budget))

    same_words = defaultdict(lambda: ([], []))
    for side, all_stems in enumerate((left_stems, right_stems)):
        for index, stems in enumerate(all_stems):
            if stems:
                same_words[tuple(sorted(stems))][side].append(index)
    for lefts, rights in same_words.values():
        pairs.update(zip(lefts, rights, strict=False))

    for i in range(n):
        centre = i * m // n
        pairs.update((i, j) for j in range(max(0, centre - BAND), min(m, centre + BAND + 1)))
    return pairs


def _scored_candidates(left_stems, right_stems, threshold):
    """(score, i, j) of the candidate pairs (_candidate_pairs) scoring at least threshold, best first."""
    bags = weighted([Counter(s) for s in [*left_stems, *right_stems]])
    left_bags, right_bags = bags[: len(left_stems)], bags[len(left_stems) :]
    left_norms = [_norm(b) for b in left_bags]
    right_norms = [_norm(b) for b in right_bags]
    scored = []
    for i, j in _candidate_pairs(left_stems, right_stems):
        score = round(_cosine(left_bags[i], right_bags[j], left_norms[i], right_norms[j]), SCORE_DIGITS)
        if score >= threshold:
            scored.append((-score, i, j))
    scored.sort()  # best first; ties go to the earlier paragraphs, so the result is deterministic
    return [(-negative_score, i, j) for negative_score, i, j in scored]


def _scored_matrix(left_stems, right_stems, threshold):
    """(score, i, j) of every pair scoring at least threshold, best first, or None past MATRIX_WORK.

    The cosines of all pairs at once: the product of the two documents' unit vectors (words weighted as
    weighted() weighs them) over the words both share, taken a block of words at a time so that no matrix holds
    more than MATRIX_CELLS cells. Exactly what scoring every pair in Python gives, in C instead of a loop per pair.
    """
    n, m = len(left_stems), len(right_stems)
    column: dict[str, int] = {}
    rows = [i for i, stems in enumerate([*left_stems, *right_stems]) for _ in stems]
    words = [column.setdefault(stem, len(column)) for stems in [*left_stems, *right_stems] for stem in stems]
    if not words:
        return []
    # Each (paragraph, word) once, with how often the word is in the paragraph.
    cells, counts = np.unique(np.array(rows) * len(column) + np.array(words), return_counts=True)
    paragraph, word = np.divmod(cells, len(column))
    frequency = np.bincount(word, minlength=len(column))
    idf = _idf(n + m, frequency)
    weights = counts * idf[word]
    norms = np.sqrt(np.bincount(paragraph, weights * weights, minlength=n + m))
    on_left = np.zeros(len(column), dtype=bool)
    on_left[word[paragraph < n]] = True
    on_right = np.zeros(len(column), dtype=bool)
    on_right[word[paragraph >= n]] = True
    shared = np.flatnonzero(on_left & on_right)
    if n * m * len(shared) > MATRIX_WORK:
        return None
    place = np.full(len(column), -1)
    place[shared] = np.arange(len(shared))
    keep = place[word] >= 0
    paragraph, place, units = paragraph[keep], place[word[keep]], weights[keep] / norms[paragraph[keep]]
    by_place = np.argsort(place, kind="stable")
    paragraph, place, units = paragraph[by_place], place[by_place], units[by_place]
    scores = np.zeros((n, m))
    width = max(1, MATRIX_CELLS // max(1, n + m))
    for start in range(0, len(shared), width):
        low, high = np.searchsorted(place, [start, start + width])
        block = np.zeros((n + m, min(width, len(shared) - start)))
        block[paragraph[low:high], place[low:high] - start] = units[low:high]
        scores += block[:n] @ block[n:].T
    scores = np.round(scores, SCORE_DIGITS)
    lefts, rights = np.nonzero(scores >= threshold)
    values = scores[lefts, rights]
    order = np.lexsort((rights, lefts, -values))  # best first; ties go to the earlier paragraphs
    return list(zip(values[order].tolist(), lefts[order].tolist(), rights[order].tolist(), strict=True))


def align(left: Sequence[str], right: Sequence[str], threshold: float = ALIGN_THRESHOLD) -> list[Row]:
    """Align two lists of paragraph texts; see the module docstring for how."""
    stems = [[stem for _word, stem in surface_words(t)] for t in [*left, *right]]
    scored = None
    if len(left) * len(right) <= MATRIX_PAIRS:
        scored = _scored_matrix(stems[: len(left)], stems[len(left) :], threshold)
    if scored is None:
        scored = _scored_candidates(stems[: len(left)], stems[len(left) :], threshold)
    match_of_left: dict[int, tuple[int, float]] = {}
    taken_right: set[int] = set()
    for score, i, j in scored:
        if i not in match_of_left and j not in taken_right:
            match_of_left[i] = (j, score)
            taken_right.add(j)

    # Right-only paragraphs hang after the row of their nearest preceding aligned right paragraph.
    aligned_right = sorted(taken_right)
    hanging: dict[int | None, list[int]] = defaultdict(list)
    for j in range(len(right)):
        if j not in taken_right:
            before = bisect.bisect_left(aligned_right, j)
            hanging[aligned_right[before - 1] if before else None].append(j)

    rows = [Row(None, j, right_text=right[j]) for j in hanging[None]]
    for i in range(len(left)):
        if i in match_of_left:
            j, score = match_of_left[i]
            rows.append(Row(i, j, round(score, 3), left[i], right[j]))
            rows.extend(Row(None, k, right_text=right[k]) for k in hanging.get(j, ()))
        else:
            rows.append(Row(i, None, left_text=left[i]))
    return rows
