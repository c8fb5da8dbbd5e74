"""manage.py quotation_quality: precision and recall against the independent labelled sets (tests/data/quotations,
tuned on, and tests/data/quotations_b, frozen before the matcher first saw it), and the figures it stores for the
methodology page."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from declarations.models import QuotationLink, QuotationMeasure

from .factories import make_document, make_paragraph

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("quotation_quality", *args, stdout=out)
    return out.getvalue()


def figures(report, label_set):
    section = report.split(f"== {label_set}\n")[1].split("==")[0]
    precision = float(re.search(r"precision (\d\.\d+)", section).group(1))
    recall = float(re.search(r"recall (\d\.\d+)", section).group(1))
    return section, precision, recall


def test_the_matcher_meets_the_issues_bars_on_the_set_it_never_saw():
    section, precision, recall = figures(run(), "quotations_b")
    assert "labelled links: 45" in section
    assert precision >= 0.9
    assert recall >= 0.8


def test_the_matcher_meets_the_issues_bars_on_the_set_it_was_tuned_on():
    section, precision, recall = figures(run(), "quotations")
    assert "labelled links: 39" in section
    assert precision >= 0.9
    assert recall >= 0.8


def test_save_stores_each_sets_figures_and_the_methodology_page_shows_them(client):
    url = reverse("declarations:methodology")
    assert "have not been measured on a labelled set yet" in client.get(url).content.decode()
    report = run("--save")
    _, precision, recall = figures(report, "quotations_b")
    stored = QuotationMeasure.objects.get(label_set="quotations_b")
    assert (round(stored.precision, 3), round(stored.recall, 3)) == (precision, recall)
    assert stored.support == 45 and stored.news_items == 12
    assert "never saw the matcher" in stored.description
    assert "tuned on this set" in QuotationMeasure.objects.get(label_set="quotations").description
    page = client.get(url).content.decode()
    assert f"<td>{precision:.2f}</td><td>{recall:.2f}</td>" in page
    run("--save")  # measured again: the rows are replaced, not added
    assert QuotationMeasure.objects.count() == 2


def test_the_methodology_page_counts_staff_decisions_on_links(client):
    declaration = make_document(kind="declaration")
    news = make_document(kind="news")
    source, quoting = make_paragraph(declaration), make_paragraph(news)
    QuotationLink.objects.create(
        news=quoting,
        source=source,
        kind="quotation",
        score=95,
        origin=QuotationLink.Origin.CONFIRMED,
        news_start=0,
        news_end=5,
        source_start=0,
        source_end=5,
    )
    page = client.get(reverse("declarations:methodology")).content.decode()
    assert "staff have confirmed 1 link and rejected 0" in page


def test_errors_lists_each_missed_link_by_file_and_paragraph():
    report = run("--errors")
    assert "missed link 000_20ba804d8d0fad59.txt ¶5 -> 001_d8c982eaffdaa9bf.txt ¶16 (paraphrase)" in report


def test_a_folder_without_labels_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"links\.toml: no such file"):
        run("--labels", str(tmp_path))


def test_a_label_naming_a_missing_text_is_a_clear_error(tmp_path):
    (tmp_path / "links.toml").write_text(
        '[[link]]\nnews_file = "gone.txt"\nnews_number = 1\ndeclaration_file = "001_d8c982eaffdaa9bf.txt"\n'
        'declaration_number = 2\nkind = "quotation"\n'
    )
    with pytest.raises(CommandError, match=r"gone\.txt: not in"):
        run("--labels", str(tmp_path))


def test_a_malformed_label_names_its_number(tmp_path):
    (tmp_path / "links.toml").write_text('[[link]]\nnews_file = "x.txt"\n')
    with pytest.raises(CommandError, match=r"\[\[link\]\] number 1: missing or bad"):
        run("--labels", str(tmp_path))
