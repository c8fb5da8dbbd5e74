"""Deterministic synthetic documents and paragraphs (plain Python, no database).

The same seed, summits, state names and paragraph count always give the same documents and texts, in the
same order: every random choice comes from random.Random seeded with a string derived from the seed (string
seeds hash with SHA-512, so PYTHONHASHSEED does not matter).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from . import phrases

MIN_WORDS = 40
MAX_WORDS = 120
MAX_SEED = 99_999
MAX_PARAGRAPHS = 10_000_000

# Kind of each document, with weights: most synthetic volume is news coverage, as it would be in a full archive.
KINDS = (("declaration", 1), ("statement", 3), ("communique", 2), ("news", 6))
# Paragraphs per document, by kind: declarations are long, news articles short.
LENGTHS = {"declaration": (40, 160), "statement": (8, 40), "communique": (15, 60), "news": (6, 25)}
# How many themes a paragraph is written about (0 = protocol only), with weights.
THEMES_PER_PARAGRAPH = ((0, 15), (1, 50), (2, 30), (3, 5))
UNPUBLISHED_SHARE = 0.01  # a few documents withdrawn by staff, so the public filter has work to do


@dataclass(frozen=True)
class SummitInfo:
    id: int
    slug: str
    city: str
    start_date: date
    end_date: date


@dataclass(frozen=True)
class DocumentPlan:
    index: int
    summit: SummitInfo
    kind: str
    slug: str
    title: str
    date: date
    publisher: str
    published: bool
    paragraph_count: int


def slug_prefix(seed):
    return f"synthetic-{seed}-"


def paragraph_key(seed, index):
    """Unique across seeds and never a real key (those are 10 hex digits): at most 16 characters."""
    return f"syn{seed}-{index:x}"


def _pick_weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def plan_documents(seed, paragraphs, summits):
    """Documents whose paragraph counts add up to exactly `paragraphs`, spread over the summits.

    Later summits get more documents (more coverage exists for them), as a real archive would.
    """
    if not summits:
        raise ValueError("no summits: import the reference data first (manage.py import_seeds)")
    rng = random.Random(f"{seed}:documents")
    summit_weights = [1 + i / 8 for i in range(len(summits))]
    plans, total, index = [], 0, 0
    while total < paragraphs:
        summit = rng.choices(summits, weights=summit_weights)[0]
        kind = _pick_weighted(rng, KINDS)
        low, high = LENGTHS[kind]
        count = min(rng.randint(low, high), paragraphs - total)
        topic = rng.choice(phrases.TOPICS)
        publisher = rng.choice(phrases.PUBLISHERS) if kind == "news" else ""
        day = summit.end_date + timedelta(days=rng.randint(-2, 6)) if kind == "news" else summit.end_date
        title = phrases.DOCUMENT_TITLES[kind].format(city=summit.city, topic=topic, publisher=publisher)
        plans.append(
            DocumentPlan(
                index=index,
                summit=summit,
                kind=kind,
                slug=f"{slug_prefix(seed)}{index:06d}-{summit.slug}-{kind}",
                title=f"{title} (synthetic {seed}-{index})",
                date=day,
                publisher=publisher,
                published=rng.random() >= UNPUBLISHED_SHARE,
                paragraph_count=count,
            )
        )
        total += count
        index += 1
    return plans


class ParagraphWriter:
    """Writes paragraphs of 40-120 words from the phrase banks; one instance per corpus, used in order."""

    def __init__(self, seed, state_names):
        self.rng = random.Random(f"{seed}:paragraphs")
        self.state_names = sorted(state_names)
        self.weights = [weight for weight, _, _ in phrases.THEME_BANKS]
        self.banks = [clauses for _, _, clauses in phrases.THEME_BANKS]
        self.rare_bank = self.banks[
            [slug for _, slug, _ in phrases.THEME_BANKS].index(phrases.RARE_CLAUSE[0])
        ]

    def _fill(self, template, plan):
        if "{" not in template:
            return template
        rng = self.rng
        state, state2 = rng.sample(self.state_names, 2)
        year = plan.summit.start_date.year + rng.randint(-3, 1)
        return template.format(state=state, state2=state2, city=plan.summit.city, year=year)

    def _clause_sentence(self, clause, plan):
        """A theme clause with its lead-in, as two parts: the lead-in and the clause with its full stop."""
        rng = self.rng
        if plan.kind == "news":
            speaker = self._fill(rng.choice(phrases.SPEAKERS), plan)
            lead = f"{speaker[0].upper()}{speaker[1:]} that the Member States {rng.choice(phrases.VERBS)}"
        else:
            lead = f"{rng.choice(phrases.SUBJECTS)} {rng.choice(phrases.VERBS)}"
        return (lead, f"{self._fill(clause, plan)}.")

    def _theme_clause(self):
        rng = self.rng
        bank = rng.choices(self.banks, weights=self.weights)[0]
        if bank is self.rare_bank and rng.random() < phrases.RARE_CHANCE:
            return phrases.RARE_CLAUSE[1]
        return rng.choice(bank)

    def paragraph(self, plan):
        """The paragraph as a tuple of parts; its text is " ".join(parts).

        Parts (a lead-in, a clause, a protocol sentence) are kept apart so that tagging can work part by part
        with a cache (corpus/tagging.py): the same parts recur across a million paragraphs.
        """
        rng = self.rng
        target = rng.randint(MIN_WORDS, MAX_WORDS)
        sentences = []
        if plan.kind == "news" and rng.random() < 0.2:
            sentences.append((self._fill(rng.choice(phrases.NEWS_OPENINGS), plan),))
        for _ in range(_pick_weighted(rng, THEMES_PER_PARAGRAPH)):
            sentences.append(self._clause_sentence(self._theme_clause(), plan))
        words = sum(len(part.split()) for sentence in sentences for part in sentence)
        # Pad with protocol sentences up to the target, never past MAX_WORDS.
        while words < target:
            sentence = self._fill(rng.choice(phrases.FILLER), plan)
            length = len(sentence.split())
            if words + length > MAX_WORDS:
                if words >= MIN_WORDS:
                    break
                continue
            sentences.insert(rng.randint(0, len(sentences)), (sentence,))
            words += length
        while words > MAX_WORDS:  # three long clauses can overshoot: drop from the end
            words -= sum(len(part.split()) for part in sentences.pop())
        return tuple(part for sentence in sentences for part in sentence)
