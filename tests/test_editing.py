"""Staff editing operations (declarations/editing.py): numbering stays consecutive, keys never move."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declarations import editing
from declarations.models import Document, Paragraph, ParagraphTheme, RejectedTag, Summit, Theme
from declarations.retag import Retagger

pytestmark = pytest.mark.django_db

TEXTS = [
    "The member states condemn terrorism in all its forms. They will deepen cooperation against it.",
    "They call for a peaceful settlement in Afghanistan.",
    "Trade and investment between the member states keep growing. Transport links matter.",
    "The member states support the central role of the United Nations.",
    "They welcome the next summit.",
]


def make_document(slug="editing-test", texts=TEXTS):
    summit = Summit.objects.order_by("start_date").first()
    document = Document.objects.create(
        summit=summit, slug=slug, title="Editing test", date=datetime.date(2013, 9, 13), seed_file=""
    )
    for number, text in enumerate(texts, 1):
        Paragraph.objects.create(document=document, number=number, text=text, source_text=text)
    return document


def rows(document):
    return list(document.paragraphs.order_by("number").values_list("number", "key", "text"))


def test_split_keeps_the_first_parts_key_and_moves_later_paragraphs_down():
    document = make_document()
    before = rows(document)
    first = document.paragraphs.get(number=1)
    position = editing.split_points(first.text)[0]
    one, two = editing.split_paragraph(first, position)
    after = rows(document)
    assert [n for n, _, _ in after] == [1, 2, 3, 4, 5, 6]
    assert after[0] == (1, before[0][1], "The member states condemn terrorism in all its forms.")
    assert after[1][2] == "They will deepen cooperation against it."
    assert after[1][1] not in {key for _, key, _ in before}
    # untouched paragraphs keep their keys and move down by one
    assert [(n, k) for n, k, _ in after[2:]] == [(n + 1, k) for n, k, _ in before[1:]]
    assert one.staff_edited and two.staff_edited
    assert two.html == "<p>They will deepen cooperation against it.</p>"


def test_split_copies_staff_tags_and_rejections_to_the_second_part():
    document = make_document()
    paragraph = document.paragraphs.get(number=3)
    trade, terrorism = Theme.objects.get(slug="trade-investment"), Theme.objects.get(slug="terrorism")
    editing.add_theme(Paragraph.objects.filter(pk=paragraph.pk), terrorism)
    RejectedTag.objects.create(paragraph=paragraph, theme=trade)
    _, second = editing.split_paragraph(paragraph, editing.split_points(paragraph.text)[0])
    assert set(second.tags.values_list("theme__slug", "origin")) >= {("terrorism", "staff")}
    assert not second.tags.filter(theme=trade).exists()
    assert second.rejected_tags.filter(theme=trade).exists()


def test_split_refuses_a_position_that_leaves_an_empty_part():
    document = make_document()
    paragraph = document.paragraphs.get(number=2)
    with pytest.raises(editing.EditError):
        editing.split_paragraph(paragraph, len(paragraph.text))
    assert rows(document)[1][2] == TEXTS[1]


def test_split_points_fall_after_sentences_only():
    text = "One sentence. Another one! A third?"
    assert [text[p:] for p in editing.split_points(text)] == ["Another one! A third?", "A third?"]
    assert editing.split_points("No sentence end here") == []


def test_merge_keeps_the_first_key_and_closes_the_gap():
    document = make_document()
    before = rows(document)
    merged = editing.merge_with_next(document.paragraphs.get(number=2))
    after = rows(document)
    assert merged.key == before[1][1]
    assert after[1] == (2, before[1][1], f"{TEXTS[1]} {TEXTS[2]}")
    assert [(n, k) for n, k, _ in after[2:]] == [(n - 1, k) for n, k, _ in before[3:]]
    assert merged.staff_edited


def test_merge_refuses_the_last_paragraph():
    document = make_document()
    with pytest.raises(editing.EditError, match="last one"):
        editing.merge_with_next(document.paragraphs.get(number=5))


def test_insert_places_a_staff_paragraph_after_the_given_number():
    document = make_document()
    before = rows(document)
    new = editing.insert_paragraph(document, "A note added by staff.", after=2)
    after = rows(document)
    assert new.number == 3 and new.staff_edited
    assert [k for _, k, _ in after] == [before[0][1], before[1][1], new.key, *(k for _, k, _ in before[2:])]


def test_renumber_writes_only_the_paragraphs_that_move():
    document = make_document()
    keys = [k for _, k, _ in rows(document)]
    pks = dict(document.paragraphs.values_list("key", "pk"))
    order = [pks[k] for k in [keys[0], keys[2], keys[1], keys[3], keys[4]]]
    assert editing.renumber(document, order) == 2
    assert [k for _, k, _ in rows(document)] == [keys[0], keys[2], keys[1], keys[3], keys[4]]
    with pytest.raises(editing.EditError):
        editing.renumber(document, order[:-1])


def test_delete_closes_the_gap():
    document = make_document()
    editing.delete_paragraph(document.paragraphs.get(number=1))
    assert [n for n, _, _ in rows(document)] == [1, 2, 3, 4]


def test_adding_a_theme_records_a_staff_decision_that_lifts_a_rejection():
    document = make_document()
    terrorism = Theme.objects.get(slug="terrorism")
    Retagger().retag(document.paragraphs.all())
    rule_tagged = document.paragraphs.get(number=1)
    assert rule_tagged.tags.get(theme=terrorism).origin == "rule"
    other = document.paragraphs.get(number=2)
    RejectedTag.objects.create(paragraph=other, theme=terrorism)
    added, converted = editing.add_theme(document.paragraphs.filter(number__in=[1, 2]), terrorism)
    assert added == {other.pk} and converted == {rule_tagged.pk}
    # the rule's tag is confirmed and keeps its rule; the other is a staff tag
    assert set(
        ParagraphTheme.objects.filter(theme=terrorism, paragraph__document=document).values_list(
            "paragraph_id", "origin", "rule"
        )
    ) == {(rule_tagged.pk, "rule", "terror*"), (other.pk, "staff", "")}
    assert rule_tagged.tags.get(theme=terrorism).is_confirmed
    assert not RejectedTag.objects.filter(paragraph=other).exists()


def test_a_removed_theme_never_comes_back_from_the_rules():
    document = make_document()
    terrorism = Theme.objects.get(slug="terrorism")
    Retagger().retag(document.paragraphs.all())
    paragraph = document.paragraphs.get(number=1)
    assert editing.remove_theme(document.paragraphs.all(), terrorism) == {paragraph.pk}
    assert RejectedTag.objects.filter(paragraph=paragraph, theme=terrorism).exists()
    Retagger().retag(document.paragraphs.all())
    assert not paragraph.tags.filter(theme=terrorism).exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(["split", "merge", "insert", "delete"]), st.integers(1, 8)), max_size=8
    )
)
def test_any_sequence_of_edits_keeps_numbers_consecutive_and_keys_unique(edits):
    Document.objects.filter(slug="editing-property").delete()
    document = make_document("editing-property")
    for op, n in edits:
        paragraph = document.paragraphs.filter(number=n).first()
        try:
            if op == "split" and paragraph and editing.split_points(paragraph.text):
                editing.split_paragraph(paragraph, editing.split_points(paragraph.text)[0])
            elif op == "merge" and paragraph:
                editing.merge_with_next(paragraph)
            elif op == "insert":
                editing.insert_paragraph(document, f"Inserted {n}.", after=n)
            elif op == "delete" and paragraph:
                editing.delete_paragraph(paragraph)
        except editing.EditError:
            pass
        numbers = [n for n, _, _ in rows(document)]
        assert numbers == list(range(1, len(numbers) + 1))
    keys = [k for _, k, _ in rows(document)]
    assert len(keys) == len(set(keys))
