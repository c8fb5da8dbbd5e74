"""Rule-based theme tagger and state-mention finder (plain Python, no Django).

Rule syntax
===========

Rules are edited one per line (``parse_rules``). Blank lines are ignored; ``#`` starts a comment
(a whole line, or the rest of a line after whitespace, outside quotes).

All matching is **case-insensitive** and on **word boundaries**: a rule never matches inside a
longer word (``sept`` does not match "septic"; ``crime`` does not match "cybercrime").

``drug``
    A plain word also matches its simple plural: ``drug`` -> drug, drugs; ``weapon`` -> weapons;
    ``emergency`` -> emergencies; ``crisis`` -> crises; ``box`` -> boxes. Nothing else (no -ed/-ing:
    use a prefix for that).
``terroris*``
    A trailing ``*`` makes a prefix: terrorism, terrorist, terrorists. At least 3 characters must come
    before the ``*``; ``*`` is only allowed at the end of a word.
``chemical weapon*``
    Several words form a phrase: the words must follow each other, separated by any whitespace
    (including line breaks) and/or hyphens. Writing ``anti-drug`` or ``anti drug`` in a rule is the
    same: both match "anti-drug", "anti drug" and "anti - drug" (but not "antidrug").
``"three evils"``
    Quotes make the words exact: no automatic plural (a ``*`` inside quotes still works). Quotes must
    enclose a whole term.
``JCPOA``
    A word written in capitals (at least two letters, no lowercase) is an acronym and is matched
    case-sensitively, with an optional plural ``s``: ``UN`` matches "UN" but not "un"; ``ICT`` matches
    "ICTs". Write the rule in lowercase (``covid*``) to match regardless of case.
``Iran* & nuclear``
    ``&`` joins terms that must all occur somewhere in the same text (paragraph), in any order.
``-"trade union"``
    A rule starting with ``-`` is an exclusion: its matches are blanked out of the text before the
    other rules *of the same theme* are tried. ``-"illicit trade"`` stops ``trade`` from firing on
    "illicit trade in drugs" while "trade" elsewhere in the paragraph still counts.
``-Afghanistan & observer*``
    An exclusion with ``&`` is conditional: its first term is blanked out only in a paragraph where
    every other term also occurs. A scope note in rules: Afghanistan named in a paragraph about
    observer states is a listing of states by status, not the Afghanistan theme.

Apostrophes in rules match both straight and curly apostrophes. Errors (``RuleError``) look like
``line 3: empty quotes: '""'``.

Themes and parents
==================

``Tagger(themes).tag(text)`` returns ``{slug: reason}``. The reason is the first rule, in listing
order, that matches (for display: "matched 'chemical weapon*'"). A theme with a parent makes the
parent (and its ancestors) match too, with the reason ``"via <child slug>: <rule>"`` unless the
parent's own rules match.

States
======

``find_states(text, names)`` finds state names/aliases (``names`` maps lowercased alias -> state
slug), longest alias first, so "Democratic People's Republic of Korea" does not also count as
"Korea". See its docstring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["RuleError", "ThemeSpec", "Tagger", "parse_rules", "compile_rule", "find_states", "StateFinder"]

# Characters that separate the words of a phrase in the text: whitespace and hyphens/dashes.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SEP = f"[\\s{_DASHES}]+"
_RULE_WORD_SPLIT = re.compile(f"[\\s{_DASHES}]+")
_APOSTROPHES = "'\u2019\u02bc\u2018"
_MIN_PREFIX = 3
_MASK = "\x00"


class RuleError(ValueError):
    """An invalid rule. ``str(err)`` is ``"line N: <problem>: '<rule>'"``."""

    def __init__(self, line: int, problem: str, rule: str):
        self.line = line
        self.problem = problem
        self.rule = rule
        super().__init__(f"line {line}: {problem}: '{rule}'")


@dataclass(frozen=True)
class ThemeSpec:
    slug: str
    parent: str | None
    rules: tuple[str, ...]


# --------------------------------------------------------------------------------------------- parsing


def _strip_comment(line: str) -> str:
    """Remove a ``#`` comment (at line start or after whitespace, outside quotes)."""
    in_quotes = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == "#" and not in_quotes and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def parse_rules(text: str) -> list[str]:
    """Split an admin textarea into rules: one per line, comments and blank lines dropped.

    Every rule is validated; the first invalid one raises ``RuleError`` with its line number.
    """
    rules: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        rule = " ".join(_strip_comment(raw).split())
        if not rule:
            continue
        compile_rule(rule, line=number)
        rules.append(rule)
    return rules


def _split_terms(rule: str, line: int) -> list[str]:
    """Split on ``&`` outside quotes."""
    terms, current, in_quotes = [], [], False
    for ch in rule:
        if ch == '"':
            in_quotes = not in_quotes
        if ch == "&" and not in_quotes:
            terms.append("".join(current))
            current = []
        else:
            current.append(ch)
    if in_quotes:
        raise RuleError(line, "unbalanced quotes", rule)
    terms.append("".join(current))
    return [t.strip() for t in terms]


def _word_pattern(word: str, inflect: bool, line: int, rule: str) -> str:
    prefix = word.endswith("*")
    stem = word[:-1] if prefix else word
    if not stem:
        raise RuleError(line, "lone '*'", rule)
    if "*" in stem:
        raise RuleError(line, "'*' is only allowed at the end of a word", rule)
    if not any(ch.isalnum() for ch in stem):
        raise RuleError(line, f"word without letters or digits ({word!r})", rule)
    if prefix and len(stem) < _MIN_PREFIX:
        raise RuleError(line, f"prefix too short, needs at least {_MIN_PREFIX} characters before '*'", rule)

    def esc(s: str) -> str:
        out = []
        for ch in s:
            out.append(f"[{_APOSTROPHES}]" if ch in _APOSTROPHES else re.escape(ch))
        return "".join(out)

    letters = [ch for ch in stem if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):  # acronym: case-sensitive
        if prefix:
            return f"(?-i:{esc(stem)})\\w*"
        return f"(?-i:{esc(stem)})s?"
    if prefix:
        return esc(stem) + "\\w*"
    if not inflect:
        return esc(stem)
    low = stem.lower()
    forms = {stem, stem + "s", stem + "es"}
    if len(low) > 2 and low.endswith("y") and low[-2] not in "aeiou":
        forms.add(stem[:-1] + "ies")
    if len(low) > 3 and low.endswith("is"):
        forms.add(stem[:-2] + "es")
    return "(?:" + "|".join(esc(f) for f in sorted(forms, key=len, reverse=True)) + ")"


# The letters outside ASCII that IGNORECASE matches to ASCII ones (re's documentation): word keys fold them first.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_WORD_RUN = re.compile(r"\w+")


def _word_key(word: str, inflect: bool) -> frozenset[str] | None:
    """What a text must hold for the word to match there: its first run of word characters as a whole word of the
    text (lowercased; "*stem" for a prefix: a word of the text that starts with it). None where that cannot be told
    exactly (letters outside ASCII)."""
    prefix = word.endswith("*")
    stem = word[:-1] if prefix else word
    if not stem.isascii():
        return None
    run = _WORD_RUN.search(stem).group(0).lower()
    if run != stem.lower():  # more follows the run (an apostrophe, a full stop): the run is a whole word
        return frozenset({run})
    if prefix:
        return frozenset({"*" + run})
    letters = [ch for ch in stem if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):  # acronym, optional plural s
        return frozenset({run, run + "s"})
    if not inflect:
        return frozenset({run})
    forms = {run, run + "s", run + "es"}
    if len(run) > 2 and run.endswith("y") and run[-2] not in "aeiou":
        forms.add(run[:-1] + "ies")
    if len(run) > 3 and run.endswith("is"):
        forms.add(run[:-2] + "es")
    return frozenset(forms)


def _term_words(term: str, line: int, rule: str) -> tuple[list[str], bool]:
    if not term:
        raise RuleError(line, "empty term", rule)
    inflect = True
    if '"' in term:
        if not (len(term) >= 2 and term.startswith('"') and term.endswith('"') and term.count('"') == 2):
            raise RuleError(line, "quotes must enclose a whole term", rule)
        term = term[1:-1].strip()
        if not term:
            raise RuleError(line, "empty quotes", rule)
        inflect = False
    words = [w for w in _RULE_WORD_SPLIT.split(term) if w]
    if not words:
        raise RuleError(line, "no words", rule)
    return words, inflect


def _term_pattern(words: list[str], inflect: bool, line: int, rule: str) -> str:
    body = _SEP.join(_word_pattern(w, inflect, line, rule) for w in words)
    return f"(?<!\\w)(?:{body})(?!\\w)"


@dataclass(frozen=True)
class CompiledRule:
    text: str
    negative: bool
    patterns: tuple[re.Pattern[str], ...]
    # per term: the keys (Tagger.keys) one of which it needs to match; None: not known
    keys: tuple[frozenset[str] | None, ...] = ()

    def matches(self, text: str) -> bool:
        return all(p.search(text) for p in self.patterns)

    def may_match(self, present: frozenset[str]) -> bool:
        """False when the text's keys show that some term cannot match: no search needed."""
        return all(k is None or not k.isdisjoint(present) for k in self.keys)


@lru_cache(maxsize=4096)
def compile_rule(rule: str, line: int = 1) -> CompiledRule:
    """Compile one rule (see the module docstring); raises ``RuleError``. Kept once compiled (a CompiledRule is
    immutable): every Tagger is built from the same few hundred rules, and writing their patterns was most of the
    100 ms a Retagger took to build for each edit."""
    rule = rule.strip()
    if not rule:
        raise RuleError(line, "empty rule", rule)
    negative = rule.startswith("-")
    body = rule[1:].strip() if negative else rule
    if negative and not body:
        raise RuleError(line, "empty exclusion", rule)
    terms = [_term_words(t, line, rule) for t in _split_terms(body, line)]
    patterns = tuple(re.compile(_term_pattern(*term, line, rule), re.IGNORECASE) for term in terms)
    keys = tuple(_word_key(words[0], inflect) for words, inflect in terms)
    return CompiledRule(text=rule, negative=negative, patterns=patterns, keys=keys)


# ---------------------------------------------------------------------------------------------- tagger


def _blank(match: re.Match[str]) -> str:
    return _MASK * len(match.group(0))


@dataclass(frozen=True)
class _CompiledTheme:
    slug: str
    positives: tuple[CompiledRule, ...]
    exclusion: re.Pattern[str] | None
    exclusion_keys: tuple[frozenset[str] | None, ...]  # the exclusions' keys: blank only where one may match
    conditional: tuple[CompiledRule, ...]  # exclusions with conditions (``-A & B``)


class Tagger:
    """Compile theme rules once; ``tag(text)`` returns ``{slug: reason}`` (see module docstring)."""

    def __init__(self, themes: Iterable[ThemeSpec]):
        specs = list(themes)
        self.parents: dict[str, str | None] = {}
        for spec in specs:
            if spec.slug in self.parents:
                raise ValueError(f"duplicate theme slug {spec.slug!r}")
            self.parents[spec.slug] = spec.parent or None
        for slug, parent in self.parents.items():
            if parent is not None and parent not in self.parents:
                raise ValueError(f"theme {slug!r}: unknown parent {parent!r}")
            seen = {slug}
            while parent is not None:
                if parent in seen:
                    raise ValueError(f"theme {slug!r}: parent cycle")
                seen.add(parent)
                parent = self.parents[parent]
        self._themes: list[_CompiledTheme] = []
        # Prefix stems ("terroris" of terroris*) by their first three characters, for keys().
        self._prefixes: dict[str, set[str]] = {}
        for spec in specs:
            compiled = [compile_rule(r, line=i) for i, r in enumerate(spec.rules, start=1)]
            for key in (key for c in compiled for key in c.keys if key):
                for stem in (k[1:] for k in key if k.startswith("*")):
                    self._prefixes.setdefault(stem[:_MIN_PREFIX], set()).add(stem)
            positives = tuple(c for c in compiled if not c.negative)
            negatives = [c for c in compiled if c.negative and len(c.patterns) == 1]
            conditional = tuple(c for c in compiled if c.negative and len(c.patterns) > 1)
            exclusion = (
                re.compile("|".join(c.patterns[0].pattern for c in negatives), re.IGNORECASE)
                if negatives
                else None
            )
            exclusion_keys = tuple(c.keys[0] for c in negatives)
            self._themes.append(_CompiledTheme(spec.slug, positives, exclusion, exclusion_keys, conditional))
        self.slugs = [spec.slug for spec in specs]
        # The rules by the keys of their first terms: a text's keys name the rules worth trying, and their themes.
        self._by_key: dict[str, list[tuple[int, int]]] = {}
        self._always: list[tuple[int, int]] = []  # rules whose first term's keys are not known
        for i, theme in enumerate(self._themes):
            for j, rule in enumerate(theme.positives):
                if rule.keys[0] is None:
                    self._always.append((i, j))
                for key in rule.keys[0] or ():
                    self._by_key.setdefault(key, []).append((i, j))

    def keys(self, text: str) -> frozenset[str]:
        """What the text offers the rules' keys (see _word_key): its words, lowercased, and "*stem" for every prefix
        stem of the rules that one of them starts with. Computed once per text, they tell which rules need no
        search at all: a set lookup instead of a regular expression over the text (figures: README, Performance)."""
        present = set()
        for word in _WORD_RUN.findall(text.translate(_FOLD)):
            word = word.lower()
            present.add(word)
            for stem in self._prefixes.get(word[:_MIN_PREFIX], ()):
                if word.startswith(stem):
                    present.add("*" + stem)
        return frozenset(present)

    def _matches(self, text: str, present: frozenset[str] | None):
        """(theme, its first matching rule, the text it was tried on) for each theme that matches, in listing order."""
        present = self.keys(text) if present is None else present
        candidates: dict[int, set[int]] = {}
        for i, j in self._always:
            candidates.setdefault(i, set()).add(j)
        for key in present:
            for i, j in self._by_key.get(key, ()):
                candidates.setdefault(i, set()).add(j)
        for i in sorted(candidates):
            theme = self._themes[i]
            rules = [theme.positives[j] for j in sorted(candidates[i])]
            found = self._match_theme(theme, text, present, rules)
            if found is not None:
                yield theme, *found

    def _match_theme(
        self, theme: _CompiledTheme, text: str, present: frozenset[str], rules: list[CompiledRule]
    ) -> tuple[CompiledRule, str] | None:
        """The theme's first matching rule among `rules` (those whose first term may match, in listing order) and
        the text it was tried on (exclusions blanked out)."""
        rules = [rule for rule in rules if len(rule.keys) == 1 or rule.may_match(present)]
        if not rules:
            return None  # exclusions only take words away: no candidate before, none after
        original = text
        if theme.exclusion is not None and any(
            k is None or not k.isdisjoint(present) for k in theme.exclusion_keys
        ):
            text = theme.exclusion.sub(_blank, text)
        for rule in theme.conditional:
            if rule.may_match(present) and all(p.search(original) for p in rule.patterns[1:]):
                text = rule.patterns[0].sub(_blank, text)
        for rule in rules:
            if rule.matches(text):
                return rule, text
        return None

    def with_parents(self, direct: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
        result = dict(direct)
        for slug in self.slugs:  # listing order: the first matching child gives the parent's reason
            if slug not in direct:
                continue
            parent = self.parents[slug]
            while parent is not None:
                if parent not in result:
                    reason, words = direct[slug]
                    result[parent] = (f"via {slug}: {reason}", words)
                parent = self.parents[parent]
        return result

    def tag(self, text: str, present: frozenset[str] | None = None) -> dict[str, str]:
        """present: the text's keys(), when the caller has them already."""
        direct = {}
        for theme, rule, _ in self._matches(text, present):
            direct[theme.slug] = (rule.text, "")
        return {slug: reason for slug, (reason, _) in self.with_parents(direct).items()}

    def explain(self, text: str, present: frozenset[str] | None = None) -> dict[str, tuple[str, str]]:
        """Like tag(), with the words of the text the rule matched: ``{slug: (reason, "words")}``; the terms of a
        rule joined with ``&`` are listed in order, separated by " … "."""
        direct = {}
        for theme, rule, searched in self._matches(text, present):
            words = " … ".join(" ".join(p.search(searched).group(0).split()) for p in rule.patterns)
            direct[theme.slug] = (rule.text, words)
        return self.with_parents(direct)


# ---------------------------------------------------------------------------------------------- states


def _alias_pattern(alias: str) -> str:
    words = alias.split()
    out = []
    for word in words:
        out.append("".join(f"[{_APOSTROPHES}]" if ch in _APOSTROPHES else re.escape(ch) for ch in word))
    return "\\s+".join(out)


def _normalise_alias(alias: str) -> str:
    return " ".join(alias.lower().replace("\u2019", "'").replace("\u02bc", "'").split())


class StateFinder:
    """find_states() for one mapping of names, compiled once: normalising a hundred-odd aliases and sorting
    them on every call cost 0.6 ms a text, most of a synthetic paragraph's tagging (issue 7)."""

    def __init__(self, names: dict[str, str]):
        self.mapping = {_normalise_alias(k): v for k, v in names.items() if k.strip()}
        aliases = sorted(self.mapping, key=lambda a: (-len(a), a))
        body = "|".join(_alias_pattern(a) for a in aliases)
        self.pattern = re.compile(f"(?<!\\w)(?:{body})(?!\\w)", re.IGNORECASE) if aliases else None
        # The first word of every alias, as Tagger.keys finds words: a text with none of them names no state, and
        # a set test is cheaper than the alternation of every alias over the text. None: an alias not in ASCII.
        firsts = [
            _WORD_RUN.search(a).group(0) if a.isascii() and _WORD_RUN.search(a) else None for a in aliases
        ]
        self.first_words = None if None in firsts else frozenset(firsts)
        self._aliases_by_first: dict[str, list[str]] = {}
        for alias, first in zip(aliases, firsts, strict=True):
            self._aliases_by_first.setdefault(first, []).append(alias)
        # The alternation of only the aliases whose first words a text holds, by those words: an alias that cannot
        # match changes nothing that finditer finds, and a short alternation is searched faster than all of them.
        self._patterns: dict[frozenset[str], re.Pattern[str]] = {}

    def _pattern_for(self, firsts: frozenset[str]) -> re.Pattern[str]:
        pattern = self._patterns.get(firsts)
        if pattern is None:
            if len(self._patterns) >= 10_000:
                self._patterns.clear()
            aliases = sorted(
                (a for first in firsts for a in self._aliases_by_first[first]), key=lambda a: (-len(a), a)
            )
            body = "|".join(_alias_pattern(a) for a in aliases)
            pattern = self._patterns[firsts] = re.compile(f"(?<!\\w)(?:{body})(?!\\w)", re.IGNORECASE)
        return pattern

    def find(self, text: str, words: frozenset[str] | None = None) -> set[str]:
        """words: the text's words as Tagger.keys gives them (lowercased), when the caller has them already."""
        found: set[str] = set()
        if self.pattern is None:
            return found
        pattern = self.pattern
        if self.first_words is not None:
            if words is None:
                words = {word.lower() for word in _WORD_RUN.findall(text.translate(_FOLD))}
            firsts = self.first_words.intersection(words)
            if not firsts:
                return found
            pattern = self._pattern_for(firsts)
        for match in pattern.finditer(text):
            matched = match.group(0)
            alias = _normalise_alias(matched)
            slug = self.mapping.get(alias)
            if slug is None:
                continue
            if not any(ch.isupper() for ch in matched):
                continue
            letters = [ch for ch in alias if ch.isalpha()]
            if (
                len(letters) <= 3
                and " " not in alias
                and not all(ch.isupper() for ch in matched if ch.isalpha())
            ):
                continue
            found.add(slug)
        return found


@lru_cache(maxsize=32)
def _state_finder(names: frozenset) -> StateFinder:
    return StateFinder(dict(names))


def find_states(text: str, names: dict[str, str]) -> set[str]:
    """Return the slugs of the states mentioned in ``text``.

    ``names`` maps a lowercased name or alias ("russia", "russian federation", "dprk") to a state slug.
    Matching is on word boundaries, ignoring case, with any whitespace between words; the longest
    alias wins at each position and matched text is consumed, so "Democratic People's Republic of
    Korea" is one mention (not also "Korea"). Possessives work ("Iran's", "Iran’s", "Belarus'").
    To avoid common words ("turkey", "china" the porcelain, "us"), a match must contain a capital
    letter, and aliases of at most three letters ("us", "uk", "uae") must appear fully capitalised.
    A caller with many texts and one mapping can keep a StateFinder(names) and call its find(text).
    """
    if not names:
        return set()
    return _state_finder(frozenset(names.items())).find(text)
