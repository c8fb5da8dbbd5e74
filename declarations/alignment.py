"""Align the paragraphs of two documents and show how their wording changed (plain Python, no Django).

Similarity is the cosine of two bags of content words (lowercased, stop words dropped, Snowball-stemmed),
weighted by how rare each word is among the paragraphs being compared, so it ignores word order and
punctuation and rewards shared distinctive vocabulary: "the member states support the
Convention" and "the Convention is supported by member states" score high. It is cheap enough to compare
every paragraph of one document with every paragraph of another that shares a word with it.

Alignment is one-to-one and greedy by score: the best-scoring pair is taken first, then the best pair among
the paragraphs still free, down to a threshold. A paragraph left over has no counterpart: "dropped" if it is
only in the first document, "new" if only in the second. Rows follow the first document's reading order;
a paragraph only in the second document is placed after the row holding its nearest preceding aligned
neighbour, so the right-hand column reads roughly in its own order too.

The word-level diff of an aligned pair is difflib's SequenceMatcher over word, space and punctuation tokens,
so the segments join back into exactly the original texts.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import snowballstemmer

__all__ = [
    "Segment",
    "Row",
    "content_words",
    "similarity",
    "similarities",
    "word_diff",
    "align",
    "ALIGN_THRESHOLD",
]

# Below this cosine two paragraphs share too little wording to be called versions of each other.
ALIGN_THRESHOLD = 0.25

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
    n = len(bags)
    idf = {word: math.log((1 + n) / (1 + df)) + 1 for word, df in frequency.items()}
    return [{word: count * idf[word] for word, count in bag.items()} for bag in bags]


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


@dataclass(frozen=True)
class Segment:
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


def word_diff(left: str, right: str) -> tuple[list[Segment], list[Segment]]:
    """The left text as same/del segments and the right text as same/ins segments.

    Joining each side's segments gives back that side's text exactly. A change of case or a space is a change;
    whitespace runs between changed words are folded into the change so highlights read as phrases.
    """
    a, b = _DIFF_TOKEN.findall(left), _DIFF_TOKEN.findall(right)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    left_segments: list[Segment] = []
    right_segments: list[Segment] = []
    for op, i1, i2, j1, j2 in _merge_space_only_equals(matcher.get_opcodes(), a):
        if op == "equal":
            _push(left_segments, "same", "".join(a[i1:i2]))
            _push(right_segments, "same", "".join(b[j1:j2]))
        else:
            _push(left_segments, "del", "".join(a[i1:i2]))
            _push(right_segments, "ins", "".join(b[j1:j2]))
    return left_segments, right_segments


def _merge_space_only_equals(opcodes, a):
    """Opcodes as alternating equal/change runs, a whitespace-only equal run between two changes folded in."""
    runs = []
    for tag, i1, i2, j1, j2 in opcodes:
        kind = "equal" if tag == "equal" else "change"
        if runs and runs[-1][0] == kind == "change":
            runs[-1][2], runs[-1][4] = i2, j2
        else:
            runs.append([kind, i1, i2, j1, j2])
    folded = []
    k = 0
    while k < len(runs):
        kind, i1, i2, _, _ = runs[k]
        spaces_between_changes = (
            kind == "equal" and folded and k + 1 < len(runs) and all(t.isspace() for t in a[i1:i2])
        )
        if spaces_between_changes:
            folded[-1][2], folded[-1][4] = runs[k + 1][2], runs[k + 1][4]
            k += 2
            continue
        folded.append(runs[k])
        k += 1
    return folded


@dataclass
class Row:
    """One line of the side-by-side view: left and right are indexes into the inputs, or None."""

    left: int | None
    right: int | None
    score: float = 0.0
    left_segments: list[Segment] = field(default_factory=list)
    right_segments: list[Segment] = field(default_factory=list)

    @property
    def status(self) -> str:
        """ "same" (identical), "changed", "dropped" (only on the left) or "new" (only on the right)."""
        if self.right is None:
            return "dropped"
        if self.left is None:
            return "new"
        if all(s.kind == "same" for s in self.left_segments + self.right_segments):
            return "same"
        return "changed"


def _candidate_pairs(left_bags: Sequence[dict], right_bags: Sequence[dict]) -> set[tuple[int, int]]:
    """Pairs sharing at least one content word: an inverted index, so disjoint pairs cost nothing."""
    index = defaultdict(list)
    for j, bag in enumerate(right_bags):
        for word in bag:
            index[word].append(j)
    pairs = set()
    for i, bag in enumerate(left_bags):
        for word in bag:
            pairs.update((i, j) for j in index.get(word, ()))
    return pairs


def align(left: Sequence[str], right: Sequence[str], threshold: float = ALIGN_THRESHOLD) -> list[Row]:
    """Align two lists of paragraph texts; see the module docstring for how."""
    bags = weighted([content_words(t) for t in [*left, *right]])
    left_bags, right_bags = bags[: len(left)], bags[len(left) :]
    left_norms = [_norm(b) for b in left_bags]
    right_norms = [_norm(b) for b in right_bags]
    scored = []
    for i, j in _candidate_pairs(left_bags, right_bags):
        score = _cosine(left_bags[i], right_bags[j], left_norms[i], right_norms[j])
        if score >= threshold:
            scored.append((-score, i, j))
    scored.sort()  # best first; ties go to the earlier paragraphs, so the result is deterministic
    match_of_left: dict[int, tuple[int, float]] = {}
    taken_right: set[int] = set()
    for negative_score, i, j in scored:
        if i not in match_of_left and j not in taken_right:
            match_of_left[i] = (j, -negative_score)
            taken_right.add(j)

    # Right-only paragraphs hang after the row of their nearest preceding aligned right paragraph.
    aligned_right = sorted(taken_right)
    hanging: dict[int | None, list[int]] = defaultdict(list)
    for j in range(len(right)):
        if j in taken_right:
            continue
        preceding = [k for k in aligned_right if k < j]
        hanging[preceding[-1] if preceding else None].append(j)

    rows = [Row(left=None, right=j) for j in hanging[None]]
    for i in range(len(left)):
        if i in match_of_left:
            j, score = match_of_left[i]
            left_segments, right_segments = word_diff(left[i], right[j])
            rows.append(Row(i, j, round(score, 3), left_segments, right_segments))
            rows.extend(Row(left=None, right=k) for k in hanging.get(j, ()))
        else:
            rows.append(Row(left=i, right=None))
    for row in rows:
        if row.right is None and row.left is not None:
            row.left_segments = [Segment("same", left[row.left])] if left[row.left] else []
        elif row.left is None and row.right is not None:
            row.right_segments = [Segment("same", right[row.right])] if right[row.right] else []
    return rows
