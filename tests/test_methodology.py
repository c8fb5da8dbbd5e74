"""The methodology page, each theme page's reliability, and `manage.py measure_themes` that stores the figures."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse

from declarations import editing, quality
from declarations.models import ParagraphTheme, Theme, ThemeMeasure
from declarations.retag import Retagger

from .factories import make_document, make_paragraph

pytestmark = pytest.mark.django_db

URL = reverse("declarations:methodology")


def measure(*args):
    out = StringIO()
    call_command("measure_themes", *args, stdout=out)
    return out.getvalue()


def test_before_any_measure_the_page_says_so(client):
    body = client.get(URL).content.decode()
    assert "have not been measured on the labelled set yet" in body
    assert "Development of the SCO" in body  # the taxonomy is listed all the same


def test_measure_themes_stores_what_the_report_prints_and_the_page_shows_it(client):
    output = measure()
    frozen = quality.compute().frozen  # the seeds' rules are the database's rules in the test database
    assert f"measured {len(frozen.per_theme)} themes on {frozen.paragraphs} paragraphs" in output
    assert quality.format_scores("FROZEN labels, the database's rules", frozen) in output
    overall = ThemeMeasure.objects.get(theme=None, source="frozen")
    assert (overall.true_positives, overall.false_positives, overall.false_negatives) == (
        frozen.micro.tp,
        frozen.micro.fp,
        frozen.micro.fn,
    )
    body = client.get(URL).content.decode()
    assert f"F1 {frozen.micro.f1:.2f}" in body
    assert f"{frozen.paragraphs} paragraphs, {frozen.micro.support} theme labels" in body
    terrorism = frozen.per_theme["terrorism"]
    row = f"Terrorism, separatism and extremism</a></th><td>{terrorism.precision:.2f}</td>"
    assert row in body
    # the theme page states the same figures, with its evidence
    page = client.get(reverse("declarations:theme_detail", args=["terrorism"])).content.decode()
    assert f"{terrorism.support} of them on this theme" in page
    assert f"F1 {terrorism.f1:.2f}" in page


def test_measuring_again_replaces_the_figures():
    measure()
    measure()
    assert ThemeMeasure.objects.filter(source="frozen", theme=None).count() == 1


def test_a_dry_run_stores_nothing():
    assert "dry run, nothing stored" in measure("--dry-run")
    assert not ThemeMeasure.objects.exists()


def test_a_missing_set_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="frozen.toml: no frozen labelled set"):
        measure("--heldout", str(tmp_path))
    assert not ThemeMeasure.objects.exists()


def test_staff_review_figures_appear_on_the_pages(client):
    paragraph = make_paragraph(make_document(), "The member states condemn terrorism.")
    Retagger().retag([paragraph])
    editing.confirm_tags(ParagraphTheme.objects.filter(paragraph=paragraph, theme__slug="terrorism"))
    from declarations import review

    review.refresh_staff_measures()
    page = client.get(reverse("declarations:theme_detail", args=["terrorism"])).content.decode()
    assert "Staff have reviewed 1 of its tags: 1 confirmed, 0 rejected, 0 added by hand" in page
    assert "Staff have reviewed 1 tags so far" in client.get(URL).content.decode()


def test_the_pages_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    measure()
    call_command("quotation_quality", "--save", stdout=StringIO())
    with django_assert_max_num_queries(5):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("declarations:theme_detail", args=["security"])).status_code == 200


def test_every_page_links_to_the_methodology(client):
    assert f'href="{URL}">Methodology</a>' in client.get("/").content.decode()


def test_why_these_themes_says_which_tags_staff_reviewed(client):
    paragraph = make_paragraph(make_document(), "The member states condemn terrorism and drug trafficking.")
    Retagger().retag([paragraph])
    editing.confirm_tags(paragraph.tags.filter(theme__slug="terrorism"))
    ParagraphTheme.objects.create(paragraph=paragraph, theme=Theme.objects.get(slug="health"), origin="staff")
    html = client.get(paragraph.get_absolute_url()).content.decode()
    assert "matched the rule <code>terror*</code> (“terrorism”); confirmed by staff" in html
    assert "matched the rule <code>drug*</code> (“drug”); not yet reviewed by staff" in html
    assert "Health</a>: added by staff" in html
    assert render_to_string("declarations/_why_themes.html", {"tags": []}).strip() == ""
