"""Tagging many texts fast (part_tagging.PartTagger and the word keys of tagging.Tagger) gives exactly what the
rules give on the whole text, including where a rule or a name could reach across a cut, and on real texts."""

from pathlib import Path

import pytest

from declarations.part_tagging import PartTagger
from declarations.tagging import StateFinder, Tagger, ThemeSpec, compile_rule, find_states

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

NAMES = {
    "russia": "russia",
    "russian federation": "russia",
    "united states of america": "usa",
    "u.s.a.": "usa",
    "people's republic of china": "china",
    "china": "china",
    "iran": "iran",
}


def slow_explain(specs, text):
    """What the rules give, rule by rule, with no keys and no cache: the reference the fast paths must equal."""
    direct = {}
    for spec in specs:
        rules = [compile_rule(rule) for rule in spec.rules]
        searched = text
        for rule in rules:
            if rule.negative and (len(rule.patterns) == 1 or all(p.search(text) for p in rule.patterns[1:])):
                searched = rule.patterns[0].sub(lambda m: "\x00" * len(m.group(0)), searched)
        for rule in rules:
            if not rule.negative and rule.matches(searched):
                words = " … ".join(" ".join(p.search(searched).group(0).split()) for p in rule.patterns)
                direct[spec.slug] = (rule.text, words)
                break
    return Tagger(specs).with_parents(direct)


SPECS = [
    ThemeSpec("security", None, ()),
    ThemeSpec("terrorism", "security", ("terroris*", "-counter-terror* & goal*", "extremis*")),
    ThemeSpec("iran", None, ("Iran* & nuclear", "JCPOA")),
    ThemeSpec("law", None, ("interfer* & affairs", '"three evils"', "people's diplomacy")),
    ThemeSpec("health", None, ("kelvin", "pandemic*", "crisis")),
    ThemeSpec("afghanistan", None, ("Afghanistan", "-Afghanistan & observer*")),
]

CASES = [
    "The member states condemn terrorism. They agreed on extremism.",
    "Counter-terrorism is one of the goals. The parties discussed trade.",  # the exclusion's terms in two parts
    "The goals are set. Counter-terrorism cooperation continues.",
    "Iran was discussed. The nuclear programme must stay peaceful.",  # an `&` rule across a cut
    "Non-interference in internal affairs. Affairs of state.",
    "The JCPOA. The JCPOAs and jcpoa.",
    "Kelvin and KELVIN (the sign \u212aelvin folds to k under IGNORECASE).",
    "Crises and crisis. A pandemic. Pandemics.",
    "People\u2019s diplomacy. People's diplomacy.",
    "Afghanistan. Observer states: Afghanistan, Iran and Mongolia.",
    "The \u201cthree evils\u201d. Three evil.",
    "",
    "...",
    "Terrorism.Extremism. ",
]


@pytest.mark.parametrize("text", CASES)
def test_the_keyed_tagger_and_the_part_tagger_give_what_each_rule_gives_on_the_whole_text(text):
    expected = slow_explain(SPECS, text)
    assert Tagger(SPECS).explain(text) == expected
    assert PartTagger(SPECS, NAMES).explain(text) == expected


def test_an_and_rule_across_a_cut_is_decided_on_the_whole_text():
    tagger = PartTagger(SPECS, NAMES)
    found = tagger.explain("Iran was discussed. The nuclear programme must stay peaceful.")
    assert found["iran"] == ("Iran* & nuclear", "Iran … nuclear")
    assert tagger.whole_tagged == 1


def test_a_conditional_exclusion_across_a_cut_takes_the_theme_away():
    tagger = PartTagger(SPECS, NAMES)
    assert "afghanistan" not in tagger.explain("Afghanistan took part. Observer states met.")
    assert "afghanistan" in tagger.explain("Afghanistan took part. The states met.")


def test_names_ending_in_a_full_stop_are_found_at_the_end_of_a_sentence():
    tagger = PartTagger(SPECS, NAMES)
    assert tagger.cuttable
    text = "Talks with the U.S.A. The Russian Federation and China agreed."
    assert tagger.find_states(text) == find_states(text, NAMES) == {"usa", "russia", "china"}


def test_a_rule_or_name_with_a_full_stop_inside_keeps_texts_whole():
    names = dict(NAMES, **{"st. kitts": "kitts"})
    tagger = PartTagger(SPECS, names)
    assert not tagger.cuttable
    text = "A visit to St. Kitts went well."
    assert tagger.split(text) == [text]
    assert tagger.find_states(text) == {"kitts"}
    specs = [ThemeSpec("usa", None, ("U.S.-China",))]
    hyphen = PartTagger(specs, {})
    assert not hyphen.cuttable
    assert hyphen.explain("Talks on U.S. China trade.") == slow_explain(specs, "Talks on U.S. China trade.")
    assert "usa" in hyphen.explain("Talks on U.S. China trade.")


def test_letters_outside_ascii_are_never_skipped():
    specs = [ThemeSpec("culture", None, ("culture", "ҳамкорӣ", "café*"))]
    for text in ("Ҳамкорӣ and CULTURE.", "The Café Society.", "Cafés."):
        assert Tagger(specs).explain(text) == slow_explain(specs, text)
    finder = StateFinder({"türkiye": "turkey", "россия": "russia"})
    assert finder.find("Türkiye and Россия.") == {"turkey", "russia"}


def test_a_cached_part_is_tagged_once():
    tagger = PartTagger(SPECS, NAMES)
    for _ in range(3):
        tagger.explain("Terrorism was condemned. Extremism too.")
    assert tagger.parts_tagged == 2


def real_paragraphs():
    from declarations.importing.shapes import decode, parse

    files = sorted((DATA / "heldout" / "texts").glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    files += sorted((DATA / "quotations_b" / "texts").glob("*.txt"))
    for path in files:
        for paragraph in parse(decode(path.read_bytes())).paragraphs:
            yield paragraph.text


def test_on_real_texts_with_the_shipped_rules_and_names_the_fast_paths_agree_with_the_rules():
    import tomllib

    themes = tomllib.loads((SEEDS / "themes.toml").read_text())["theme"]
    specs = [ThemeSpec(t["slug"], t.get("parent"), tuple(t.get("rules", ()))) for t in themes]
    reference = tomllib.loads((SEEDS / "reference.toml").read_text())
    names = {}
    for state in reference["state"]:
        for name in [state["name"], state.get("short_name", state["name"]), *state.get("aliases", ())]:
            names[name.lower()] = state["slug"]
    tagger, parts = Tagger(specs), PartTagger(specs, names)
    assert parts.cuttable
    checked = 0
    for text in real_paragraphs():
        expected = slow_explain(specs, text)
        assert tagger.explain(text) == expected, text
        assert parts.explain(text) == expected, text
        assert parts.find_states(text) == find_states(text, names), text
        checked += 1
    assert checked > 300
