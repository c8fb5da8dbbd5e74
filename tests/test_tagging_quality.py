"""The tagger against the hand labels (pure Python: no database)."""

import pytest

from declarations import quality
from declarations.tagging import Tagger, parse_rules


@pytest.fixture(scope="module")
def evaluation():
    return quality.compute()


def test_seed_micro_f1(evaluation):
    micro = evaluation.seeds.micro
    assert evaluation.seeds.paragraphs == 7 + 32 + 12
    assert micro.f1 >= 0.85, quality.format_scores("seeds", evaluation.seeds, show_errors=True)


def test_held_out_is_present_and_scored(evaluation):
    assert evaluation.held_out.paragraphs >= 15
    # reported, not tuned: only a loose floor to catch a broken rule set
    assert evaluation.held_out.micro.f1 >= 0.6, quality.format_scores("held-out", evaluation.held_out, True)


def test_the_independent_sets_are_present_and_meet_the_bars(evaluation):
    """Issue 19's bars: micro-F1 >= 0.85 on the frozen set, no theme with ten or more labelled paragraphs under 0.6;
    no fall on the seeds (0.95 before the rules honoured the scope notes, with seed 004 #5 labelled per the issue)."""
    assert evaluation.dev.paragraphs == 102 and evaluation.frozen.paragraphs == 169
    assert evaluation.frozen.micro.f1 >= 0.85
    assert quality.below_bar(evaluation.frozen) == []
    assert evaluation.seeds.micro.f1 >= 0.95


def test_the_report_never_lists_the_frozen_sets_errors(capsys):
    assert quality.main(["--errors"]) == 0
    out = capsys.readouterr().out
    assert "FROZEN labels" in out and "DEV labels" in out and "AUTHOR HELD-OUT labels" in out
    assert " dev:h0" in out  # the dev set's errors are listed...
    assert "frozen:" not in out  # ...the frozen set's never


def test_a_missing_independent_set_is_reported_as_missing(tmp_path, capsys):
    result = quality.evaluate(heldout_dir=tmp_path)
    assert result.frozen.paragraphs == 0
    assert "FROZEN labels (independent annotator; never tuned on, errors never listed): not found" in (
        capsys.readouterr().out
    )


def test_every_label_is_a_leaf_theme():
    themes = quality.load_themes()
    leaves = set(quality.leaf_slugs(themes))
    labels = quality.load_labels()
    used = {
        slug for table in ("seed", "held_out") for entry in labels.get(table, []) for slug in entry["themes"]
    }
    assert used <= leaves, sorted(used - leaves)


def test_taxonomy_is_well_formed():
    table = quality.load_theme_table()
    slugs = [t["slug"] for t in table]
    assert len(slugs) == len(set(slugs))
    for theme in table:
        assert theme["name"] and theme["description"].strip()
        # rules survive the admin round trip (one per line) unchanged
        assert parse_rules("\n".join(theme.get("rules", []))) == list(theme.get("rules", []))
        if theme.get("parent"):
            assert theme["parent"] in slugs
    Tagger(quality.load_themes())  # compiles
    expected = {
        "security", "terrorism", "drugs", "information-security", "organised-crime", "arms-control",
        "regional-issues", "afghanistan", "syria-middle-east", "iran-nuclear", "korean-peninsula",
        "global-order", "un-role", "international-law", "economy", "trade-investment", "connectivity",
        "energy", "food-security", "society", "culture-education", "health", "emergencies", "environment",
        "sco-development",
    }  # fmt: skip
    assert set(slugs) == expected


def test_misaligned_labels_fail_loudly(tmp_path):
    text = quality.LABELS_PATH.read_text(encoding="utf-8")
    broken = text.replace(
        'starts = "The heads of the member states of the Shanghai"', 'starts = "Wrong start"'
    )
    assert broken != text
    path = tmp_path / "labels.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(quality.AlignmentError, match="001_d8c982eaffdaa9bf.txt #1"):
        quality.compute(labels_path=path)


def test_evaluate_prints_figures(capsys):
    assert quality.main([]) == 0
    out = capsys.readouterr().out
    assert "micro" in out and "macro" in out and "HELD-OUT" in out and "bars: frozen micro-F1" in out


def test_fallback_splitter_agrees_with_the_parser_on_the_seeds():
    for path in sorted(quality.SEEDS_DIR.glob("0*.txt")):
        raw = path.read_bytes()
        parsed, _ = quality.split_paragraphs(raw)
        fallback = quality._fallback_split(raw.decode("utf-8-sig"))
        assert [quality._norm(p) for p in fallback] == [quality._norm(p) for p in parsed], path.name
