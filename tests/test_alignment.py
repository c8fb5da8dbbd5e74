"""The pure alignment: similarity, word diff, one-to-one alignment with new and dropped paragraphs."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from declarations.alignment import (
    Segment,
    align,
    content_words,
    diff_rows,
    similarities,
    similarity,
    weighted,
    word_diff,
)

TERRORISM = "The member states will fight terrorism, separatism and extremism in all their forms."
TERRORISM_REWORDED = (
    "The member states will resolutely fight terrorism, separatism and extremism in every form."
)
CHARTER = "The Organization is guided by the principles of the SCO Charter."
DRUGS = "Drug trafficking remains a serious threat to the security of the region."
AFGHANISTAN = "The member states support Afghanistan as an independent, neutral and peaceful state."


def joined(segments):
    return "".join(s.text for s in segments)


def test_content_words_drop_stop_words_and_stem():
    bag = content_words("The States and the state support their weapons; a weapon, Syria's, Syrians.")
    assert bag["state"] == 2
    assert bag["weapon"] == 2
    assert bag["syrian"] == 1 and bag["syria"] == 1
    assert "the" not in bag and "and" not in bag


def test_words_shared_by_every_paragraph_weigh_less_than_rare_ones():
    common, rare = weighted(
        [content_words(t) for t in ["member states agree", "member states differ", "member"]]
    )[:2]
    assert common["member"] < common["agre"]
    assert rare["member"] < rare["differ"]


def test_similarities_rank_the_closest_wording_first():
    scores = similarities(TERRORISM, [DRUGS, TERRORISM_REWORDED, CHARTER])
    assert scores.index(max(scores)) == 1
    assert similarities(TERRORISM, []) == []


def test_identical_texts_are_fully_similar_and_disjoint_texts_not_at_all():
    assert similarity(TERRORISM, TERRORISM) == pytest.approx(1.0)
    assert similarity(TERRORISM, "Quantum chromodynamics describes gluons.") == 0.0
    assert similarity("", TERRORISM) == 0.0


def test_a_rewording_scores_higher_than_a_different_topic():
    assert similarity(TERRORISM, TERRORISM_REWORDED) > 0.7
    assert similarity(TERRORISM, DRUGS) < 0.3


def test_word_diff_marks_only_the_changed_words():
    left, right = word_diff(TERRORISM, TERRORISM_REWORDED)
    assert [s.text for s in left if s.kind == "del"] == ["all their forms"]
    assert [s.text.strip() for s in right if s.kind == "ins"] == ["resolutely", "every form"]
    assert all(s.kind in {"same", "del"} for s in left)
    assert all(s.kind in {"same", "ins"} for s in right)


def test_word_diff_of_equal_texts_is_one_same_segment():
    assert word_diff(CHARTER, CHARTER) == ([Segment("same", CHARTER)], [Segment("same", CHARTER)])


@given(st.text(max_size=200), st.text(max_size=200))
def test_word_diff_segments_join_back_into_both_texts(left, right):
    left_segments, right_segments = word_diff(left, right)
    assert joined(left_segments) == left
    assert joined(right_segments) == right


def test_align_pairs_counterparts_and_marks_new_and_dropped():
    left = [TERRORISM, CHARTER, DRUGS]
    right = [AFGHANISTAN, CHARTER, TERRORISM_REWORDED]
    rows = align(left, right)
    pairs = {(row.left, row.right): row.status for row in rows}
    assert pairs == {(None, 0): "new", (0, 2): "changed", (1, 1): "same", (2, None): "dropped"}


def test_align_keeps_the_first_documents_reading_order_and_places_new_paragraphs_after_their_neighbour():
    left = [CHARTER, TERRORISM, DRUGS]
    right = [CHARTER, AFGHANISTAN, TERRORISM, DRUGS]
    rows = align(left, right)
    assert [(row.left, row.right) for row in rows] == [(0, 0), (None, 1), (1, 2), (2, 3)]


def test_align_is_one_to_one_even_when_one_paragraph_resembles_two():
    rows = align([TERRORISM], [TERRORISM, TERRORISM_REWORDED])
    assert [(row.left, row.right, row.status) for row in rows] == [(0, 0, "same"), (None, 1, "new")]


def test_align_of_unrelated_documents_pairs_nothing():
    rows = align([TERRORISM], [AFGHANISTAN.replace("member states", "people")])
    assert {row.status for row in rows} == {"dropped", "new"}


def test_unpaired_rows_carry_their_whole_text_unmarked():
    rows = align([DRUGS], [])
    assert rows[0].left_segments == [Segment("same", DRUGS)]
    assert rows[0].right_segments == []


@given(
    st.lists(st.sampled_from([TERRORISM, CHARTER, DRUGS, AFGHANISTAN, "", "x y z"]), max_size=6),
    st.lists(st.sampled_from([TERRORISM_REWORDED, CHARTER, DRUGS, "", "q"]), max_size=6),
)
def test_align_shows_every_paragraph_of_both_documents_exactly_once(left, right):
    rows = align(left, right)
    assert sorted(r.left for r in rows if r.left is not None) == list(range(len(left)))
    assert sorted(r.right for r in rows if r.right is not None) == list(range(len(right)))
    for row in rows:
        if row.left is not None and row.right is not None:
            assert joined(row.left_segments) == left[row.left]
            assert joined(row.right_segments) == right[row.right]


def exhaustive_align_pairs(left, right, threshold=0.25):
    """The pairing that scores every pair of paragraphs, best first, one to one: what align() must give for
    documents small enough to fit its candidate budget."""
    bags = weighted([content_words(t) for t in [*left, *right]])
    norms = [math.sqrt(sum(n * n for n in bag.values())) for bag in bags]
    scored = []
    for i in range(len(left)):
        for j in range(len(right)):
            a, b, na, nb = bags[i], bags[len(left) + j], norms[i], norms[len(left) + j]
            if not na or not nb:
                continue
            if len(a) > len(b):
                a, b = b, a
            # Rounded as align() rounds, so that pairs with the same words tie and the earlier pair wins.
            score = round(sum(n * b[w] for w, n in a.items() if w in b) / (na * nb), 9)
            if score >= threshold:
                scored.append((-score, i, j))
    pairs, taken_left, taken_right = set(), set(), set()
    for _score, i, j in sorted(scored):
        if i not in taken_left and j not in taken_right:
            pairs.add((i, j))
            taken_left.add(i)
            taken_right.add(j)
    return pairs


PHRASES = [TERRORISM, TERRORISM_REWORDED, CHARTER, DRUGS, AFGHANISTAN]


@given(
    st.lists(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3).map(" ".join), max_size=25),
    st.lists(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3).map(" ".join), max_size=25),
)
def test_small_documents_are_paired_as_if_every_pair_were_scored(left, right):
    rows = align(left, right)
    assert {(r.left, r.right) for r in rows if r.left is not None and r.right is not None} == (
        exhaustive_align_pairs(left, right)
    )


def revised_pair(size):
    """size paragraphs, and a revision: every tenth dropped, every seventh reworded, every fifteenth moved on."""
    texts = [
        f"The member states discussed matter{n} and item{n % 41} and agreed on clause{n // 3}."
        for n in range(size)
    ]
    revised = [
        (n, text.replace("agreed on", "resolutely adopted") if n % 7 == 0 else text)
        for n, text in enumerate(texts)
        if n % 10
    ]
    for k in range(0, len(revised) - 20, 15):
        revised.insert(k + 20, revised.pop(k))
    return texts, [text for _n, text in revised], [n for n, _text in revised]


def test_two_3000_paragraph_documents_pair_every_kept_paragraph_with_its_original():
    left, right, origin = revised_pair(3000)
    rows = align(left, right)
    pairs = {row.right: row for row in rows if row.right is not None}
    assert all(pairs[j].left == origin[j] for j in range(len(right)))
    assert all(pairs[j].status == ("changed" if origin[j] % 7 == 0 else "same") for j in range(len(right)))
    assert sorted(row.left for row in rows if row.status == "dropped") == list(range(0, 3000, 10))


def test_boilerplate_repeated_throughout_long_documents_is_paired_in_order():
    rows = align([CHARTER] * 2000, [CHARTER] * 1500)
    assert [(row.left, row.right) for row in rows[:1500]] == [(k, k) for k in range(1500)]
    assert {row.status for row in rows[1500:]} == {"dropped"} and len(rows) == 2000


def test_a_word_diff_too_costly_to_work_out_marks_the_difference_changed_whole():
    # Repetitive text is SequenceMatcher's worst case: this pair took 7 s word by word.
    left, right = "The states agree: " + "war and peace " * 340, "The states agree: " + "peace and war " * 340
    left_segments, right_segments = word_diff(left, right)
    assert joined(left_segments) == left and joined(right_segments) == right
    assert left_segments[0] == Segment("same", "The states agree: ")
    assert [s.kind for s in left_segments] == ["same", "del", "same"]
    assert word_diff(left, left) == ([Segment("same", left)], [Segment("same", left)])


def test_diffs_of_a_page_past_its_budget_are_marked_changed_whole():
    rows = align([TERRORISM, DRUGS], [TERRORISM_REWORDED, DRUGS.replace("serious", "grave")])
    diff_rows(rows, work=0)
    for row in rows:
        assert joined(row.left_segments) == row.left_text and joined(row.right_segments) == row.right_text
    assert [s.kind for s in rows[0].left_segments] == ["same", "del", "same"]


def test_the_matrix_scores_a_block_of_words_at_a_time_with_the_same_result(monkeypatch):
    left, right, _originals = revised_pair(40)
    whole = [(r.left, r.right, r.score) for r in align(left, right)]
    monkeypatch.setattr("declarations.alignment.MATRIX_CELLS", 300)  # a few words a block
    assert [(r.left, r.right, r.score) for r in align(left, right)] == whole
    assert {(r.left, r.right) for r in align(left, right) if r.left is not None and r.right is not None} == (
        exhaustive_align_pairs(left, right)
    )
