"""The importer on real-shaped texts of other outlets: boilerplate stays out of the archive, and a header date that
disagrees with the text is settled by the summits' dates in the reference data."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from declarations.models import Document, Paragraph

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"


def import_golden(tmp_path, name, manifest=""):
    shutil.copy(GOLDEN / f"{name}.txt", tmp_path / f"{name}.txt")
    if manifest:
        (tmp_path / "manifest.toml").write_text(manifest)
    out = StringIO()
    call_command("import_seeds", str(tmp_path), stdout=out, stderr=out)
    return Document.objects.get(seed_file=f"{name}.txt"), out.getvalue()


def test_a_typo_in_the_header_date_loses_to_the_date_the_summit_met(tmp_path):
    document, out = import_golden(tmp_path, "wajd_header_date_typo")
    assert document.summit.slug == "2017-astana"
    assert document.date.isoformat() == "2017-06-09"
    # the header's value is not thrown away: staff see it in the report and the import notes
    assert "2017-06-19" in out and "2017-06-19" in document.import_notes
    assert "reference data" in document.import_notes


def test_a_header_date_within_the_summit_beats_a_closing_line_outside_it(tmp_path):
    (tmp_path / "wajd.txt").write_text(
        '"The World and Japan" Database (Project Leader: TANAKA Akihiko)\nx\ny\n\n'
        "[Title] Dushanbe Declaration\n[Place] Dushanbe\n[Date] September 12, 2014\n[Full text]\n\n"
        "The member states declare.\n\nSeptember 13, 2014, Dushanbe\n"
    )
    out = StringIO()
    call_command("import_seeds", str(tmp_path / "wajd.txt"), stdout=out)
    document = Document.objects.get(seed_file="wajd.txt")
    assert document.date.isoformat() == "2014-09-12"
    assert "set aside the closing line 2014-09-13" in document.import_notes


def test_a_reuters_report_keeps_its_article_and_drops_the_credits(tmp_path):
    document, _ = import_golden(
        tmp_path, "fragment_reuters_credits", '["fragment_reuters_credits.txt"]\ndate = "2024-07-04"\n'
    )
    texts = list(Paragraph.objects.filter(document=document).values_list("text", flat=True))
    assert document.summit.slug == "2024-astana"
    assert document.author == "Olzhas Auyezov and Guy Faulconbridge"
    assert len(texts) == 5
    for boilerplate in ("Reporting by", "Trust Principles", "REUTERS/", "newsletter", "Related:"):
        assert not any(boilerplate in text for text in texts), boilerplate


@pytest.mark.parametrize(
    ("name", "gone"),
    [
        (
            "fragment_ap_social_embed",
            ["@KremlinRussia_E", "contributed to this report", "Copyright", "via AP"],
        ),
        ("md_aljazeera_embedded_post", ["@CMShehbaz", "Newsletter", "Source: Al Jazeera", "list of 4"]),
        ("md_xinhua_photo_share", ["(Xinhua/Li Xueren)", "Enditem", "Share this", "XINHUANET"]),
        ("wajd_database_footer", ["Return to", "Back to top", "Copyright", "日本語"]),
    ],
)
def test_what_a_site_adds_around_a_text_is_not_stored(tmp_path, name, gone):
    manifest = f'["{name}.txt"]\ndate = "2024-07-04"\n' if name.startswith("fragment") else ""
    document, _ = import_golden(tmp_path, name, manifest)
    stored = " ".join(document.paragraphs.values_list("text", flat=True))
    assert stored
    for boilerplate in gone:
        assert boilerplate not in stored, boilerplate


def test_a_declaration_without_a_date_takes_the_day_its_text_says_the_meeting_ended(tmp_path):
    (tmp_path / "wajd.txt").write_text(
        '"The World and Japan" Database (Project Leader: TANAKA Akihiko)\nx\ny\n\n'
        "[Title] Qingdao Declaration\n[Source] SCO Secretariat\n[Full text]\n\n"
        "The Council of Heads of State held a meeting in Qingdao on 9 and 10 June 2018.\n\n"
        "The member states declare.\n"
    )
    out = StringIO()
    call_command("import_seeds", str(tmp_path / "wajd.txt"), stdout=out)
    document = Document.objects.get(seed_file="wajd.txt")
    assert (document.summit.slug, document.date.isoformat()) == ("2018-qingdao", "2018-06-10")
    assert "no date" not in out.getvalue()
