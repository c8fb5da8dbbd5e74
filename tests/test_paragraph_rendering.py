"""The paragraph block rendered in Python (declarations/templatetags/paragraphs.py) against the template partial it
replaced, kept as tests/data/old_paragraph_partial.html: the same HTML for every case, whitespace runs aside (the
template's indentation and blank lines from its {% if %} lines; a run of spaces renders as one)."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.test import override_settings
from django.urls import clear_script_prefix, set_script_prefix
from django.utils.safestring import mark_safe

from declarations.models import Paragraph, ParagraphTheme
from declarations.paragraph_html import long_date, render_paragraph, with_labels

from .factories import make_document, make_paragraph, summit, theme

OLD_PARTIAL = Template((Path(__file__).parent / "data" / "old_paragraph_partial.html").read_text())
FLAGS = [
    {},
    {"anchor": True},
    {"show_source": True},
    {"anchor": True, "show_source": True},
]


def old(paragraph, **flags):
    return OLD_PARTIAL.render(Context({"paragraph": paragraph, **flags}))


def squeezed(html):
    return re.sub(r"\s+", " ", html).strip()


def displayed(*paragraphs):
    return list(Paragraph.objects.filter(pk__in=[p.pk for p in paragraphs]).for_display().order_by("pk"))


@pytest.fixture
def hostile(db):
    """Text from sources and staff that must reach the page escaped, in every field a block shows."""
    the_summit = summit("2013-bishkek")
    the_summit.city = 'Bish<b>kek</b> "onerror=alert(1)'
    the_summit.save()
    document = make_document(title='<script>alert("title")</script> & "onerror=x')
    paragraph = make_paragraph(
        document,
        'Text <script>alert(1)</script> <img src=x onerror="alert(2)"> and **bold**',
        themes=["terrorism"],
        states=["russia"],
    )
    ParagraphTheme.objects.create(
        paragraph=paragraph,
        theme=theme("energy"),
        origin=ParagraphTheme.Origin.RULE,
        rule='"><img src=x onerror=alert(3)>',
    )
    russia = paragraph.states.get()
    russia.short_name = "Russia<script>x</script>"
    russia.save()
    energy = theme("energy")
    energy.name = 'Energy "onerror=alert(4)'
    energy.save()
    return displayed(paragraph)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("flags", FLAGS)
def test_every_seed_paragraph_renders_as_the_old_partial_did(flags, django_assert_num_queries):
    paragraphs = list(Paragraph.objects.public().for_display())
    assert any(p.tags.all() for p in paragraphs) and any(p.states.all() for p in paragraphs)
    with django_assert_num_queries(0):
        new = [render_paragraph(p, **flags) for p in paragraphs]
    assert [squeezed(html) for html in new] == [squeezed(old(p, **flags)) for p in paragraphs]


@pytest.mark.django_db
def test_labels_loaded_as_tuples_render_as_the_prefetched_tags_and_states_did(
    hostile, django_assert_num_queries
):
    prefetched = list(Paragraph.objects.public().for_display().order_by("pk"))
    with django_assert_num_queries(2):  # the paragraphs, then their tags and states in one query
        labelled = with_labels(Paragraph.objects.public().select_related("document", "summit").order_by("pk"))
    assert len(labelled) == len(prefetched) and hostile.pk in {p.pk for p in labelled}
    assert sum(len(p.theme_labels) for p in labelled) == sum(len(p.tags.all()) for p in prefetched) > 0
    assert sum(len(p.state_labels) for p in labelled) == sum(len(p.states.all()) for p in prefetched) > 0
    for flags in FLAGS:
        with django_assert_num_queries(0):
            new = [squeezed(render_paragraph(p, **flags)) for p in labelled]
        assert new == [squeezed(old(p, **flags)) for p in prefetched]


@pytest.mark.django_db
@pytest.mark.parametrize("flags", FLAGS)
def test_hostile_text_renders_as_the_old_partial_did(hostile, flags):
    assert squeezed(render_paragraph(hostile, **flags)) == squeezed(old(hostile, **flags))


@pytest.mark.django_db
def test_hostile_text_is_escaped_everywhere(hostile):
    html = render_paragraph(hostile, show_source=True)
    assert "<script" not in html and "<img" not in html and '"onerror' not in html
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; &quot;onerror=x" in html
    assert "Bish&lt;b&gt;kek&lt;/b&gt; &quot;onerror=alert(1) 2013" in html
    assert 'title="Tagged by the rule: &quot;&gt;&lt;img src=x onerror=alert(3)&gt;"' in html
    assert "Energy &quot;onerror=alert(4)" in html
    assert "Russia&lt;script&gt;x&lt;/script&gt;" in html
    assert "<strong>bold</strong>" in html  # the stored, sanitized HTML is inserted as it is


@pytest.mark.django_db
def test_search_marks_replace_the_text_and_anything_unmarked_is_escaped(hostile):
    marked = mark_safe("the <mark>terrorism</mark> clause")
    for highlighted, expected in [
        (marked, "<p>the <mark>terrorism</mark> clause</p>"),
        ("<mark>not safe</mark>", "<p>&lt;mark&gt;not safe&lt;/mark&gt;</p>"),
    ]:
        html = render_paragraph(hostile, show_source=True, highlighted=highlighted)
        assert f'<div class="para-text">{expected}</div>' in html
        assert squeezed(html) == squeezed(old(hostile, show_source=True, highlighted=highlighted))


@pytest.mark.django_db
def test_a_paragraph_with_no_tags_or_states_is_exactly_this_block():
    document = make_document(slug="plain-document", title="Plain")
    paragraph = displayed(make_paragraph(document, "Plain text.", number=7))[0]
    assert squeezed(render_paragraph(paragraph, anchor=True)) == squeezed(
        """<article class="para" id="p7">
        <header class="para-meta">
        <a class="para-num" href="/documents/plain-document/7/" aria-label="Paragraph 7: permalink">¶&nbsp;7</a>
        </header>
        <div class="para-text"><p>Plain text.</p></div>
        <footer class="para-foot">
        <a class="permalink" href="/documents/plain-document/7/">Permalink<span class="visually-hidden"> to paragraph 7</span></a>
        </footer>
        </article>"""
    )


@pytest.mark.django_db
def test_its_links_are_the_models_own_urls(hostile):
    html = render_paragraph(hostile, show_source=True)
    document, the_summit = hostile.document, hostile.summit
    assert f'href="{hostile.get_absolute_url()}"' in html
    assert f'href="{document.get_absolute_url()}#p{hostile.number}"' in html
    assert f'href="{the_summit.get_absolute_url()}"' in html
    assert f'href="{hostile.states.get().get_absolute_url()}"' in html
    assert 'href="/paragraphs/?theme=terrorism"' in html


@pytest.mark.django_db
def test_links_follow_the_script_prefix_of_the_request(hostile):
    set_script_prefix("/archive/")
    try:
        html = render_paragraph(hostile, show_source=True)
        assert f'href="{hostile.get_absolute_url()}"' in html
        assert hostile.get_absolute_url().startswith("/archive/documents/")
        assert 'href="/archive/paragraphs/?theme=terrorism"' in html
        assert squeezed(html) == squeezed(old(hostile, show_source=True))
    finally:
        clear_script_prefix()
        set_script_prefix("/")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_under_archive")
def test_links_follow_the_urlconf(hostile):
    html = render_paragraph(hostile)
    assert 'href="/archive/documents/' in html
    assert squeezed(html) == squeezed(old(hostile))


@pytest.mark.django_db
def test_the_list_tag_renders_each_block_with_its_highlight(hostile):
    plain = displayed(make_paragraph(hostile.document, "Second paragraph."))[0]
    hostile.highlighted = mark_safe("<mark>Text</mark>")
    html = Template(
        "{% load paragraphs %}{% paragraph_blocks paragraphs show_source=True with_highlights=True %}"
    ).render(Context({"paragraphs": [hostile, plain]}))
    expected = old(hostile, show_source=True, highlighted=hostile.highlighted) + old(plain, show_source=True)
    assert squeezed(html) == squeezed(expected)
    assert html.count("<article") == 2


@pytest.mark.django_db
def test_the_partial_still_renders_one_paragraph_for_templates_that_include_it(hostile):
    included = Template(
        '{% include "declarations/_paragraph.html" with paragraph=paragraph anchor=True show_source=True only %}'
    ).render(Context({"paragraph": hostile}))
    assert squeezed(included) == squeezed(old(hostile, anchor=True, show_source=True))


def test_an_empty_list_renders_nothing():
    assert (
        Template("{% load paragraphs %}{% paragraph_blocks paragraphs %}").render(Context({"paragraphs": []}))
        == ""
    )


def test_the_long_date_is_written_as_the_date_filter_writes_it():
    # Every day of a leap year and of a year of three digits.
    for first in (date(2024, 1, 1), date(987, 1, 1)):
        for offset in range(366):
            day = first + timedelta(days=offset)
            assert long_date(day) == date_filter(day, "j F Y"), day
