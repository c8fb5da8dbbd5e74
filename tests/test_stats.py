"""The summary counts agree with counting the paragraphs directly, after imports and after every kind of edit."""

import pytest
from django.db.models import Count, Q

from declarations.models import Document, Paragraph, ParagraphTheme, Summit, Theme
from declarations.search import counts as stats

pytestmark = pytest.mark.django_db


def counted_directly():
    per_summit = dict(Paragraph.objects.public().values_list("summit_id").annotate(n=Count("id")).order_by())
    per_theme = {}
    for theme in Theme.objects.all():
        n = (
            Paragraph.objects.public()
            .filter(Q(tags__theme=theme) | Q(tags__theme__parent=theme))
            .values("id")
            .distinct()
            .count()
        )
        if n:
            per_theme[theme.pk] = n
    return per_summit, per_theme


def assert_in_step():
    per_summit, per_theme = counted_directly()
    assert stats.paragraphs_per_summit() == per_summit
    assert stats.paragraphs_per_theme() == per_theme
    assert stats.total_paragraphs() == sum(per_summit.values())


def test_the_seed_import_fills_the_counts():
    assert stats.total_paragraphs() == 51
    assert_in_step()


def test_a_parent_theme_counts_each_paragraph_once():
    security = Theme.objects.get(slug="security")
    children = set(security.children.values_list("pk", flat=True))
    tagged_twice = (
        Paragraph.objects.filter(tags__theme__in=children).annotate(n=Count("tags")).filter(n__gt=1).exists()
    )
    assert tagged_twice  # the seeds have paragraphs with two security sub-themes
    assert_in_step()


def test_removing_a_tag_updates_the_counts():
    ParagraphTheme.objects.filter(theme__slug="afghanistan").first().delete()
    assert_in_step()


def test_unpublishing_a_document_removes_its_paragraphs():
    document = Document.objects.get(seed_file="001_d8c982eaffdaa9bf.txt")
    document.published = False
    document.save()
    assert stats.total_paragraphs() == 51 - 32
    assert_in_step()


def test_moving_a_document_to_another_summit_updates_both():
    document = Document.objects.get(seed_file="000_20ba804d8d0fad59.txt")
    document.summit = Summit.objects.get(slug="2019-bishkek")
    document.save()
    assert stats.paragraphs_per_summit()[document.summit_id] == 7
    assert_in_step()


def test_deleting_a_paragraph_updates_the_counts():
    Paragraph.objects.filter(document__seed_file="004_d2337c7b666bdca4.txt").first().delete()
    assert stats.total_paragraphs() == 50
    assert_in_step()


def test_a_batch_refreshes_once_at_the_end(monkeypatch):
    rebuilds = []
    real = stats._rebuild
    monkeypatch.setattr(stats, "_rebuild", lambda ids: (rebuilds.append(ids), real(ids)))
    paragraphs = list(Paragraph.objects.filter(document__seed_file="001_d8c982eaffdaa9bf.txt")[:10])
    with stats.batch():
        for paragraph in paragraphs:
            paragraph.tags.all().delete()
            paragraph.save()
        assert rebuilds == []
    assert len(rebuilds) == 1
    assert_in_step()
