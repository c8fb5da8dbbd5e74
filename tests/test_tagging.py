"""Rule syntax, tagger behaviour and state mentions (pure Python: no database)."""

import pytest

from declarations.tagging import (
    RuleError,
    StateFinder,
    Tagger,
    ThemeSpec,
    compile_rule,
    find_states,
    parse_rules,
)


def matches(rule: str, text: str) -> bool:
    return bool(Tagger([ThemeSpec("t", None, (rule,))]).tag(text))


# --------------------------------------------------------------------------------------------- parsing


def test_parse_rules_skips_comments_and_blank_lines():
    text = '# terrorism rules\n\nterroris*\n  extremism   # the second evil\n\n"three evils"\n'
    assert parse_rules(text) == ["terroris*", "extremism", '"three evils"']


def test_parse_rules_keeps_hash_inside_quotes_and_words():
    assert parse_rules('"C# code"\nfoo#bar') == ['"C# code"', "foo#bar"]


def test_parse_rules_collapses_whitespace_and_accepts_crlf():
    assert parse_rules("chemical    weapon*\r\nUN & reform*\r\n") == ["chemical weapon*", "UN & reform*"]


@pytest.mark.parametrize(
    "text, line, problem",
    [
        ('ok\n""', 2, "empty quotes"),
        ("*", 1, "lone '*'"),
        ("weapon\n\n  * ", 3, "lone '*'"),
        ("ter*ror", 1, "'*' is only allowed at the end of a word"),
        ("*terror", 1, "'*' is only allowed at the end of a word"),
        ("ab*", 1, "prefix too short"),
        ('"three evils', 1, "unbalanced quotes"),
        ('three "evils"', 1, "quotes must enclose a whole term"),
        ("Iran &", 1, "empty term"),
        ("-", 1, "empty exclusion"),
        ("!!!", 1, "word without letters or digits"),
    ],
)
def test_parse_rules_errors(text, line, problem):
    with pytest.raises(RuleError) as err:
        parse_rules(text)
    assert err.value.line == line
    assert problem in str(err.value)
    assert str(err.value).startswith(f"line {line}: ")
    assert str(err.value).endswith("'")
    assert isinstance(err.value, ValueError)


def test_rule_error_format():
    with pytest.raises(RuleError) as err:
        parse_rules('terrorism\n""')
    assert str(err.value) == "line 2: empty quotes: '\"\"'"


def test_tagger_rejects_invalid_rules():
    with pytest.raises(RuleError):
        Tagger([ThemeSpec("t", None, ("*",))])


# -------------------------------------------------------------------------------------------- matching


def test_plain_word_is_case_insensitive_on_word_boundaries():
    assert matches("terrorism", "against international Terrorism.")
    assert matches("terrorism", "TERRORISM")
    assert not matches("terrorism", "counterterrorismo")
    assert not matches("sept", "a septic tank")
    assert matches("sept", "on 13 Sept 2013")
    assert not matches("crime", "cybercrime")


def test_prefix():
    assert matches("terroris*", "terrorist groups")
    assert matches("terroris*", "terrorism")
    assert matches("terroris*", "counter-terrorism")
    assert not matches("terroris*", "terror")
    assert not matches("terroris*", "antiterrorist")


def test_plain_words_match_simple_plurals():
    assert matches("weapon", "chemical weapons")
    assert matches("crisis", "regional crises")
    assert matches("emergency", "emergencies")
    assert matches("box", "boxes")
    assert not matches("weapon", "weaponry")
    assert not matches("day", "daies")  # vowel + y: plain s only


def test_quotes_switch_off_plurals():
    assert matches('"three evils"', 'the "three evils"')
    assert not matches('"communicable disease"', "communicable diseases")
    assert matches("communicable disease", "communicable diseases")


def test_phrase_matches_across_whitespace_and_hyphens():
    assert matches("chemical weapon*", "chemical\n weapons")
    assert matches("chemical weapon*", "Chemical-Weapon Convention")
    assert matches("anti-drug", "the Anti drug Strategy")
    assert matches("anti drug", "the Anti-Drug Strategy")
    assert matches("socio economic", "socio- economic")
    assert not matches("anti-drug", "antidrug")
    assert not matches("chemical weapon*", "chemical and biological weapons")


def test_acronyms_are_case_sensitive():
    assert matches("UN", "the UN Security Council")
    assert matches("UN", "a UN-led process")
    assert not matches("UN", "un homme")
    assert matches("ICT", "the use of ICTs")
    assert not matches("RATS", "rats and mice")
    assert matches("covid*", "the COVID-19 pandemic")


def test_apostrophes_straight_and_curly():
    assert matches("people's republic", "People\u2019s Republic")
    assert matches("people's republic", "People's Republic")


def test_and_rule_needs_every_term():
    assert matches("Iran* & nuclear", "the situation around Iran and its nuclear programme")
    assert matches("Iran* & nuclear", "nuclear deal with the Iranian side")
    assert not matches("Iran* & nuclear", "Iran has observer status")


def test_exclusion_masks_text_for_its_theme_only():
    theme = ThemeSpec("trade", None, ("trade", '-"illicit trade"'))
    other = ThemeSpec("drugs", None, ("illicit trade",))
    tagger = Tagger([theme, other])
    assert tagger.tag("the illicit trade in drugs") == {"drugs": "illicit trade"}
    assert tagger.tag("illicit trade and mutual trade")["trade"] == "trade"
    assert "trade" in tagger.tag("illicit trades")  # a quoted exclusion is exact: "trades" is not masked


def test_a_conditional_exclusion_masks_only_where_its_condition_occurs():
    theme = ThemeSpec("afghanistan", None, ("Afghan*", "-Afghanistan & observer*"))
    tagger = Tagger([theme])
    assert tagger.tag("Afghanistan, Belarus and Iran have observer status.") == {}
    assert tagger.tag("The Observers: Afghanistan and Mongolia.") == {}
    assert tagger.tag("The situation in Afghanistan remains tense.") == {"afghanistan": "Afghan*"}
    # only the excluded word is masked: another Afghan word still counts, and so does the theme elsewhere
    assert tagger.tag("Observer states welcomed an Afghan-led peace process in Afghanistan.") == {
        "afghanistan": "Afghan*"
    }
    with pytest.raises(RuleError, match="empty term"):
        parse_rules("-Afghanistan &")


def test_explain_gives_the_words_each_rule_matched():
    tagger = Tagger(THEMES + [ThemeSpec("iran", None, ("Iran* & nuclear",))])
    explained = tagger.explain("Iran's nuclear file and Syrian chemical weapons")
    assert explained["iran"] == ("Iran* & nuclear", "Iran … nuclear")
    assert explained["arms-control"] == ("chemical weapon*", "chemical weapons")
    assert explained["security"] == ("via arms-control: chemical weapon*", "chemical weapons")
    assert {slug: reason for slug, (reason, _) in explained.items()} == tagger.tag(
        "Iran's nuclear file and Syrian chemical weapons"
    )


def test_compile_rule_is_exposed_and_reports_negative():
    assert compile_rule('-"trade union"').negative
    assert not compile_rule("trade").negative


# ------------------------------------------------------------------------------------------ the tagger

THEMES = [
    ThemeSpec("security", None, ()),
    ThemeSpec("terrorism", "security", ("terroris*", "extremis*")),
    ThemeSpec("arms-control", "security", ("chemical weapon*", "OPCW")),
    ThemeSpec("regional-issues", None, ()),
    ThemeSpec("syria-middle-east", "regional-issues", ("Syria*",)),
    ThemeSpec("sco-development", None, ("SCO Charter",)),
]


def test_tag_reasons_and_parent_inheritance():
    tagger = Tagger(THEMES)
    result = tagger.tag("They condemn extremism and terrorism and the use of chemical weapons in Syria.")
    assert result == {
        "terrorism": "terroris*",  # first rule in listing order, not first in the text
        "arms-control": "chemical weapon*",
        "syria-middle-east": "Syria*",
        "security": "via terrorism: terroris*",  # first matching child in listing order
        "regional-issues": "via syria-middle-east: Syria*",
    }


def test_tag_no_match():
    assert Tagger(THEMES).tag("Nothing relevant here.") == {}


def test_parent_with_own_rules_keeps_its_own_reason():
    themes = [ThemeSpec("security", None, ("security",)), ThemeSpec("terrorism", "security", ("terror*",))]
    result = Tagger(themes).tag("terrorism is a threat to security")
    assert result == {"security": "security", "terrorism": "terror*"}


def test_grandparents_are_included():
    themes = [ThemeSpec("a", None, ()), ThemeSpec("b", "a", ()), ThemeSpec("c", "b", ("word",))]
    assert Tagger(themes).tag("a word") == {"c": "word", "b": "via c: word", "a": "via c: word"}


def test_bad_theme_trees_are_rejected():
    with pytest.raises(ValueError):
        Tagger([ThemeSpec("a", "missing", ())])
    with pytest.raises(ValueError):
        Tagger([ThemeSpec("a", "b", ()), ThemeSpec("b", "a", ())])
    with pytest.raises(ValueError):
        Tagger([ThemeSpec("a", None, ()), ThemeSpec("a", None, ())])


# ---------------------------------------------------------------------------------------------- states

NAMES = {
    "russia": "russia",
    "russian federation": "russia",
    "iran": "iran",
    "islamic republic of iran": "iran",
    "korea": "south-korea",
    "republic of korea": "south-korea",
    "democratic people's republic of korea": "north-korea",
    "north korea": "north-korea",
    "dprk": "north-korea",
    "china": "china",
    "people's republic of china": "china",
    "turkey": "turkey",
    "us": "usa",
    "united states": "usa",
    "belarus": "belarus",
}


def test_find_states_aliases():
    text = "The Russian Federation, the People\u2019s Republic of China and the United States met."
    assert find_states(text, NAMES) == {"russia", "china", "usa"}


def test_find_states_longest_match_first():
    assert find_states("the Democratic People's Republic of Korea", NAMES) == {"north-korea"}
    assert find_states("North Korea and the Republic of Korea", NAMES) == {"north-korea", "south-korea"}
    assert find_states("the DPRK", NAMES) == {"north-korea"}


def test_find_states_possessives_and_curly_apostrophes():
    assert find_states("Iran's nuclear programme", NAMES) == {"iran"}
    assert find_states("Iran\u2019s nuclear programme", NAMES) == {"iran"}
    assert find_states("Belarus' observer status", NAMES) == {"belarus"}


def test_find_states_word_boundaries_and_capitals():
    assert find_states("Iranian and Russian diplomats", NAMES) == set()
    assert find_states("roast turkey on fine china", NAMES) == set()
    assert find_states("Turkey is a dialogue partner", NAMES) == {"turkey"}
    assert find_states("let us agree", NAMES) == set()
    assert find_states("the US and China", NAMES) == {"usa", "china"}


def test_find_states_whitespace_between_words():
    assert find_states("the Russian\n  Federation", NAMES) == {"russia"}


def test_find_states_accepts_unnormalised_keys_and_empty():
    assert find_states("Russia", {}) == set()
    assert find_states("People\u2019s Republic of China", {"People\u2019s Republic of China": "china"}) == {
        "china"
    }


def test_find_states_follows_its_mapping_and_a_state_finder_agrees():
    text = "Ruritania and the DPRK signed; ruritania in lower case is not a state."
    assert find_states(text, {"ruritania": "ruritania", "dprk": "north-korea"}) == {
        "ruritania",
        "north-korea",
    }
    assert find_states(text, {"ruritania": "kingdom"}) == {"kingdom"}  # compiled per mapping, not once
    assert find_states(text, {}) == set()
    finder = StateFinder({"ruritania": "ruritania", "  ": "blank"})
    assert finder.find(text) == find_states(text, {"ruritania": "ruritania", "  ": "blank"}) == {"ruritania"}
    assert StateFinder({" ": "blank"}).find(text) == set()
