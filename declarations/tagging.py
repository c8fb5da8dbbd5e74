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


def _term_pattern(term: str, line: int, rule: str) -> str:
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
    body = _SEP.join(_word_pattern(w, inflect, line, rule) for w in words)
    return f"(?<!\\w)(?:{body})(?!\\w)"


@dataclass(frozen=True)
class CompiledRule:
    text: str
    negative: bool
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        return all(p.search(text) for p in self.patterns)


def compile_rule(rule: str, line: int = 1) -> CompiledRule:
    """Compile one rule (see the module docstring); raises ``RuleError``."""
    rule = rule.strip()
    if not rule:
        raise RuleError(line, "empty rule", rule)
    negative = rule.startswith("-")
    body = rule[1:].strip() if negative else rule
    if negative and not body:
        raise RuleError(line, "empty exclusion", rule)
    terms = _split_terms(body, line)
    patterns = tuple(re.compile(_term_pattern(t, line, rule), re.IGNORECASE) for t in terms)
    return CompiledRule(text=rule, negative=negative, patterns=patterns)


# ---------------------------------------------------------------------------------------------- tagger


def _blank(match: re.Match[str]) -> str:
    return _MASK * len(match.group(0))


@dataclass(frozen=True)
class _CompiledTheme:
    slug: str
    positives: tuple[CompiledRule, ...]
    exclusion: re.Pattern[str] | None
    conditional: tuple[CompiledRule, ...]  # exclusions with conditions (``-A & B``)
    # fast pre-check: one alternation over the first term of every positive rule
    any_pattern: re.Pattern[str] | None


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
        for spec in specs:
            compiled = [compile_rule(r, line=i) for i, r in enumerate(spec.rules, start=1)]
            positives = tuple(c for c in compiled if not c.negative)
            negatives = [c.patterns[0].pattern for c in compiled if c.negative and len(c.patterns) == 1]
            conditional = tuple(c for c in compiled if c.negative and len(c.patterns) > 1)
            exclusion = re.compile("|".join(negatives), re.IGNORECASE) if negatives else None
            any_pattern = (
                re.compile("|".join(c.patterns[0].pattern for c in positives), re.IGNORECASE)
                if positives
                else None
            )
            self._themes.append(_CompiledTheme(spec.slug, positives, exclusion, conditional, any_pattern))
        self.slugs = [spec.slug for spec in specs]

    def _match_theme(self, theme: _CompiledTheme, text: str) -> tuple[CompiledRule, str] | None:
        """The theme's first matching rule and the text it was tried on (exclusions blanked out)."""
        if theme.any_pattern is None:
            return None
        if not theme.any_pattern.search(text):
            return None  # exclusions only take words away: no candidate before, none after
        original = text
        if theme.exclusion is not None:
            text = theme.exclusion.sub(_blank, text)
        for rule in theme.conditional:
            if all(p.search(original) for p in rule.patterns[1:]):
                text = rule.patterns[0].sub(_blank, text)
        if not theme.any_pattern.search(text):
            return None
        for rule in theme.positives:
            if rule.matches(text):
                return rule, text
        return None

    def _with_parents(self, direct: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
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

    def tag(self, text: str) -> dict[str, str]:
        direct = {}
        for theme in self._themes:
            found = self._match_theme(theme, text)
            if found is not None:
                direct[theme.slug] = (found[0].text, "")
        return {slug: reason for slug, (reason, _) in self._with_parents(direct).items()}

    def explain(self, text: str) -> dict[str, tuple[str, str]]:
        """Like tag(), with the words of the text the rule matched: ``{slug: (reason, "words")}``; the terms of a
        rule joined with ``&`` are listed in order, separated by " … "."""
        direct = {}
        for theme in self._themes:
            found = self._match_theme(theme, text)
            if found is not None:
                rule, searched = found
                words = " … ".join(" ".join(p.search(searched).group(0).split()) for p in rule.patterns)
                direct[theme.slug] = (rule.text, words)
        return self._with_parents(direct)


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

    def find(self, text: str) -> set[str]:
        found: set[str] = set()
        if self.pattern is None:
            return found
        for match in self.pattern.finditer(text):
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
