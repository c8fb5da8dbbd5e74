"""manage.py quotation_quality: precision and recall against the independent labelled set (tests/data/quotations)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("quotation_quality", *args, stdout=out)
    return out.getvalue()


def test_the_matcher_meets_the_issues_bars_on_the_labelled_set():
    report = run()
    precision = float(re.search(r"precision (\d\.\d+)", report).group(1))
    recall = float(re.search(r"recall (\d\.\d+)", report).group(1))
    assert "labelled links: 39" in report
    assert precision >= 0.9
    assert recall >= 0.8


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
