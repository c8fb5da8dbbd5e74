"""The paragraph's theme family column (migration 0007) stays in step with the tag table, whatever writes the tags.

The column is kept by database triggers, so these tests write tags every way the code does (a single save, the
retagger's bulk_create and queryset delete, an update, a theme moved under another parent, a paragraph deleted)
and compare the column with what the tags say, read independently. They run on SQLite and on PostgreSQL.
"""

import pytest
from django.db import connection

from declarations import search
from declarations.corpus.loader import load_corpus, remove_synthetic
from declarations.models import Paragraph, ParagraphTheme, Theme
from declarations.retag import Retagger
from declarations.search import backend
from tests.factories import make_document, make_paragraph, theme

from .factories import searched

pytestmark = pytest.mark.django_db


def stored_families(ids=None):
    """{paragraph id: set of theme ids} as the column holds them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, theme_ids FROM declarations_paragraph")
        rows = cursor.fetchall()
    families = {}
    for pk, value in rows:
        if connection.vendor == "postgresql":
            family = set(value)
        else:  # ' t1 t15 '
            family = {int(token[1:]) for token in value.split()}
        families[pk] = family
    return families if ids is None else {pk: families[pk] for pk in ids}


def expected_families(ids=None):
    """{paragraph id: set of theme ids} from the tag table: each tag's theme and its parent."""
    parents = dict(Theme.objects.values_list("id", "parent_id"))
    families = {pk: set() for pk in Paragraph.objects.values_list("id", flat=True)}
    for paragraph_id, theme_id in ParagraphTheme.objects.values_list("paragraph_id", "theme_id"):
        families[paragraph_id].add(theme_id)
        if parents[theme_id]:
            families[paragraph_id].add(parents[theme_id])
    return families if ids is None else {pk: families[pk] for pk in ids}


def assert_in_step():
    stored, expected = stored_families(), expected_families()
    drifted = {pk: (stored[pk], expected[pk]) for pk in expected if stored.get(pk) != expected[pk]}
    assert not drifted, f"theme_ids drifted from the tags (stored, expected): {drifted}"


def test_the_imported_seeds_carry_their_tags_families():
    expected = expected_families()
    assert any(expected.values()), "the seeds should have tagged paragraphs"
    assert_in_step()


def test_tagging_untagging_and_retagging_keep_the_family_in_step():
    document = make_document()
    plain = make_paragraph(document, "The member states note the report of the secretariat.")
    tagged = make_paragraph(document, "They support the fight against terrorism.", themes=["health"])
    assert stored_families([plain.pk]) == {plain.pk: set()}
    assert stored_families([tagged.pk])[tagged.pk] == {theme("health").pk, theme("society").pk}
    assert_in_step()

    # the retagger: bulk_create of rule tags, queryset delete of stale ones
    Retagger().retag([plain, tagged])
    assert theme("terrorism").pk in stored_families([tagged.pk])[tagged.pk]
    assert_in_step()

    # a staff edit that points a tag at another theme (UPDATE), then bulk_create and queryset delete directly
    ParagraphTheme.objects.filter(paragraph=tagged, theme=theme("health")).update(theme=theme("energy"))
    assert_in_step()
    ParagraphTheme.objects.bulk_create(
        [ParagraphTheme(paragraph=plain, theme=theme(slug)) for slug in ("drugs", "afghanistan")]
    )
    assert stored_families([plain.pk])[plain.pk] == {
        theme(slug).pk for slug in ("drugs", "security", "afghanistan", "regional-issues")
    }
    ParagraphTheme.objects.filter(paragraph__in=[plain, tagged]).delete()
    assert stored_families([plain.pk, tagged.pk]) == {plain.pk: set(), tagged.pk: set()}
    assert_in_step()

    # deleting a paragraph takes its tags with it, and leaves every other row in step
    make_paragraph(document, "Energy.", themes=["energy"]).delete()
    assert_in_step()


def test_moving_a_theme_under_another_parent_refreshes_its_paragraphs():
    paragraph = make_paragraph(make_document(), "Vaccines.", themes=["health"])
    health = theme("health")
    health.parent = theme("economy")
    health.save()
    assert stored_families([paragraph.pk])[paragraph.pk] == {health.pk, theme("economy").pk}
    assert_in_step()


def test_a_parent_theme_matches_a_paragraph_tagged_only_with_one_of_its_sub_themes():
    paragraph = make_paragraph(make_document(), "Narcotics.", themes=["drugs"])
    public = Paragraph.objects.public()
    assert search.in_themes(public, [theme("security").pk]).filter(pk=paragraph.pk).exists()
    assert search.in_themes(public, [theme("drugs").pk]).filter(pk=paragraph.pk).exists()
    assert not search.in_themes(public, [theme("terrorism").pk]).filter(pk=paragraph.pk).exists()
    assert (
        not search.in_themes(public, [theme("drugs").pk, theme("economy").pk])
        .filter(pk=paragraph.pk)
        .exists()
    )


def test_every_theme_filter_gives_what_the_tag_table_gives():
    public = Paragraph.objects.public()
    for slug in ("security", "terrorism", "economy", "sco-development"):
        the_theme = theme(slug)
        expected = set(public.tagged(the_theme).values_list("id", flat=True))
        assert set(search.in_themes(public, [the_theme.pk]).values_list("id", flat=True)) == expected, slug
    both = set(public.tagged(theme("security")).tagged(theme("economy")).values_list("id", flat=True))
    chosen = [theme("security").pk, theme("economy").pk]
    assert set(search.in_themes(public, chosen).values_list("id", flat=True)) == both


def test_a_search_within_themes_follows_tag_changes():
    """On SQLite the family is also an FTS5 column: a tag change must reach the full-text index."""
    paragraph = make_paragraph(make_document(), "Glaciers are melting in the mountains.")
    security = theme("security").pk

    def found():
        return searched(Paragraph.objects, "glaciers", theme_ids=[security]).filter(pk=paragraph.pk).exists()

    assert searched(Paragraph.objects, "glaciers").filter(pk=paragraph.pk).exists()
    assert not found()
    tag = ParagraphTheme.objects.create(paragraph=paragraph, theme=theme("drugs"))
    assert found()
    tag.delete()
    assert not found()


def test_a_search_with_a_theme_gives_the_search_s_matches_that_carry_the_theme():
    public = Paragraph.objects.public()
    found = 0
    for q, slug in (("terrorism", "security"), ("cooperation", "economy"), ("states", "afghanistan")):
        expected = set(searched(public, q).tagged(theme(slug)).values_list("id", flat=True))
        got = set(searched(public, q, theme_ids=[theme(slug).pk]).values_list("id", flat=True))
        assert got == expected, (q, slug)
        found += len(got)
    assert found, "the seeds should give some matches"


def test_the_corpus_loader_writes_the_families_itself_and_switches_the_triggers_back_on():
    load_corpus(400, seed=11)
    assert Paragraph.objects.filter(document__synthetic=True).count() == 400
    assert_in_step()
    # the triggers work again after the load...
    synthetic = Paragraph.objects.filter(document__synthetic=True).exclude(tags__theme__slug="health").first()
    ParagraphTheme.objects.create(paragraph=synthetic, theme=theme("health"))
    assert theme("society").pk in stored_families([synthetic.pk])[synthetic.pk]
    # ...and after a removal
    remove_synthetic()
    paragraph = make_paragraph(make_document(), "Vaccines.", themes=["health"])
    assert stored_families([paragraph.pk])[paragraph.pk] == {theme("health").pk, theme("society").pk}
    assert_in_step()


def test_the_family_as_the_counts_read_it_holds_the_columns_ids():
    # The counts read the family as text tokens (backend.theme_family), not as the column's own type.
    rows = Paragraph.objects.annotate(family=backend.theme_family()).values_list("id", "family")
    stored = stored_families()
    assert len(rows) == len(stored) > 50  # the seeds
    for pk, family in rows:
        assert set(backend.family_counts([family])) == stored[pk]


def test_family_counts_counts_each_theme_once_per_family():
    assert backend.family_counts(["1 2 15", "2", "", "15 2"]) == {1: 1, 2: 3, 15: 2}  # PostgreSQL
    assert backend.family_counts([" t1 t2 t15 ", " t2 ", "", " t15 t2 "]) == {1: 1, 2: 3, 15: 2}  # SQLite
    assert backend.family_counts([]) == {}
