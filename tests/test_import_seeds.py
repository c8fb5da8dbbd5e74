"""`manage.py import_seeds`: the seeds as they really come, idempotence, staff edits kept, bad input refused."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from declarations.models import Document, Paragraph, ParagraphTheme, RejectedTag, Theme

pytestmark = pytest.mark.django_db

BISHKEK = "001_d8c982eaffdaa9bf.txt"
MOSCOW_TIMES = "000_20ba804d8d0fad59.txt"
QINGDAO = "004_d2337c7b666bdca4.txt"


def run(*args):
    """Run the command; return (stdout, CommandError or None)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_seeds", *[str(a) for a in args], stdout=out, stderr=err)
    except CommandError as e:
        return out.getvalue() + err.getvalue(), e
    return out.getvalue() + err.getvalue(), None


@pytest.fixture
def folder(tmp_path, seeds_dir):
    """A folder with copies of the three seed texts (same names) and no manifest."""
    for name in (BISHKEK, MOSCOW_TIMES, QINGDAO):
        shutil.copy(seeds_dir / name, tmp_path / name)
    return tmp_path


def test_the_seeds_import_with_the_right_counts_and_summits():
    counts = {d.seed_file: (d.paragraphs.count(), d.summit.slug) for d in Document.objects.all()}
    assert counts == {
        MOSCOW_TIMES: (7, "2013-bishkek"),
        BISHKEK: (32, "2013-bishkek"),
        QINGDAO: (12, "2018-qingdao"),
    }


def test_no_read_more_line_is_stored_and_subheadings_head_paragraphs():
    qingdao = Document.objects.get(seed_file=QINGDAO)
    assert not qingdao.paragraphs.filter(text__icontains="READ MORE").exists()
    headings = list(qingdao.paragraphs.order_by("number").values_list("heading", flat=True))
    assert headings[:2] == ["", ""]
    assert len(set(headings[2:])) == 3 and "" not in headings[2:]


def test_metadata_comes_from_the_text():
    declaration = Document.objects.get(seed_file=BISHKEK)
    assert declaration.kind == "declaration"
    assert declaration.date.isoformat() == "2013-09-13"
    assert declaration.place == "Bishkek"
    assert declaration.title.startswith("BISHKEK DECLARATION")
    article = Document.objects.get(seed_file=MOSCOW_TIMES)
    assert (article.kind, article.publisher) == ("news", "The Moscow Times")
    assert article.source_url.startswith("https://www.themoscowtimes.com/2013/09/13/")
    assert len(declaration.checksum) == 64 and declaration.first_imported_at and declaration.original_text


def test_a_file_without_a_title_gets_a_generated_one():
    assert Document.objects.get(seed_file=QINGDAO).title.startswith(
        "News article on the Qingdao summit, 2018"
    )


def test_paragraphs_are_tagged_by_rules_and_name_states():
    paragraph = Paragraph.objects.get(
        document__seed_file=BISHKEK,
        text__startswith="The member states support the efforts to make Afghanistan",
    )
    tag = paragraph.tags.get(theme__slug="afghanistan")
    assert tag.origin == ParagraphTheme.Origin.RULE and tag.rule
    assert "afghanistan" in set(paragraph.states.values_list("slug", flat=True))


def test_a_second_import_changes_nothing():
    out, error = run()
    assert error is None
    assert "texts: 0 created, 0 updated, 3 unchanged" in out
    assert "themes: 0 created, 0 updated" in out


def test_a_dry_run_writes_nothing(folder):
    (folder / BISHKEK).write_text((folder / BISHKEK).read_text().replace("Bishkek", "Bishkek City", 1))
    before = Document.objects.get(seed_file=BISHKEK).checksum
    out, error = run(folder, "--dry-run")
    assert error is None and "dry run" in out and "1 updated" in out
    assert Document.objects.get(seed_file=BISHKEK).checksum == before


def test_a_changed_source_updates_in_place_and_keeps_paragraph_identities(folder):
    text = (folder / BISHKEK).read_text()
    old = {p.text[:60]: (p.pk, p.key) for p in Paragraph.objects.filter(document__seed_file=BISHKEK)}
    # A new paragraph at the top shifts every number; one paragraph's wording changes slightly.
    text = text.replace(
        "[Full text]\n\n", "[Full text]\n\nA new opening paragraph added by the source.\n\n", 1
    )
    text = text.replace(
        "The member states note the importance of the strengthened capacity",
        "The member states stress the importance of the strengthened capacity",
    )
    (folder / BISHKEK).write_text(text)
    out, error = run(folder)
    assert error is None and "1 updated" in out
    paragraphs = list(Paragraph.objects.filter(document__seed_file=BISHKEK).order_by("number"))
    assert len(paragraphs) == 33 and [p.number for p in paragraphs] == list(range(1, 34))
    assert paragraphs[0].text == "A new opening paragraph added by the source."
    kept = [p for p in paragraphs[1:] if p.text[:60] in old]
    assert len(kept) == 31
    assert all((p.pk, p.key) == old[p.text[:60]] for p in kept)
    changed = next(p for p in paragraphs if p.text.startswith("The member states stress"))
    was = next(
        pk for prefix, (pk, _) in old.items() if prefix.startswith("The member states note the importance")
    )
    assert changed.pk == was


def test_a_staff_edit_survives_a_reimport_and_is_reported(folder):
    paragraph = Paragraph.objects.get(document__seed_file=BISHKEK, number=3)
    paragraph.text = "Staff corrected this paragraph."
    paragraph.staff_edited = True
    paragraph.save()
    source = paragraph.source_text
    (folder / BISHKEK).write_text(
        (folder / BISHKEK).read_text().replace(source, source + " Added by the source.")
    )
    out, error = run(folder)
    assert error is None
    assert "conflict:" in out and "edited by staff" in out
    paragraph.refresh_from_db()
    assert paragraph.text == "Staff corrected this paragraph."
    assert "edited by staff" in paragraph.document.import_notes


def test_overwrite_edits_replaces_staff_work(folder):
    paragraph = Paragraph.objects.get(document__seed_file=BISHKEK, number=3)
    original = paragraph.text
    paragraph.text, paragraph.staff_edited = "Staff text", True
    paragraph.save()
    (folder / BISHKEK).write_text(
        (folder / BISHKEK).read_text() + "\n"
    )  # any change makes the file re-import
    out, error = run(folder, "--overwrite-edits")
    assert error is None
    paragraph.refresh_from_db()
    assert paragraph.text == original and not paragraph.staff_edited


def test_a_staff_edit_of_document_metadata_survives(folder):
    Document.objects.filter(seed_file=BISHKEK).update(title="Bishkek Declaration (staff title)")
    (folder / BISHKEK).write_text((folder / BISHKEK).read_text() + "\n")
    run(folder)
    assert Document.objects.get(seed_file=BISHKEK).title == "Bishkek Declaration (staff title)"


def test_a_rejected_rule_tag_stays_removed(folder):
    paragraph = Paragraph.objects.get(
        document__seed_file=BISHKEK,
        text__startswith="The member states support the efforts to make Afghanistan",
    )
    theme = Theme.objects.get(slug="afghanistan")
    paragraph.tags.filter(theme=theme).delete()
    RejectedTag.objects.create(paragraph=paragraph, theme=theme)
    source = paragraph.source_text
    (folder / BISHKEK).write_text(
        (folder / BISHKEK).read_text().replace(source, source + " Afghanistan again.")
    )
    out, error = run(folder, "--overwrite-edits")
    assert error is None
    assert not paragraph.tags.filter(theme=theme).exists()


def test_a_bad_file_leaves_nothing_and_the_others_import(folder):
    (folder / "zz_empty.txt").write_bytes(b"")
    (folder / BISHKEK).write_text((folder / BISHKEK).read_text() + "\n")
    out, error = run(folder)
    assert error is not None and "1 file(s) failed" in str(error)
    assert "zz_empty.txt: file is empty" in out
    assert "1 updated" in out
    assert not Document.objects.filter(seed_file="zz_empty.txt").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"   \n\n", "empty.txt: file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary.txt: file is a PNG image"),
        (
            "latin1.txt",
            "# Title\n\nCaf\u00e9 in Bishkek\n".encode("latin-1"),
            "latin1.txt: line 3: not valid UTF-8",
        ),
        (
            "baddate.txt",
            b'"The World and Japan" Database\nx\ny\n\n[Title] Declaration\n[Date] Sept 31, 2013\n[Full text]\n\nText.\n',
            "baddate.txt: line 6:",
        ),
        (
            "nosummit.txt",
            b"A paragraph about cooperation in general.\nAnother paragraph with no city and no date.\n",
            'add summit = "YYYY-city" to its entry in seeds/manifest.toml',
        ),
        (
            "ambiguous.txt",
            b"Leaders met in Bishkek.\nThe Bishkek talks covered security.\n",
            "it could be 2007-bishkek, 2013-bishkek, 2019-bishkek",
        ),
    ],
)
def test_bad_input_is_refused_with_file_line_and_problem(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    out, error = run(tmp_path / name)
    assert error is not None
    assert message in out
    assert "Traceback" not in out
    assert not Document.objects.filter(seed_file=name).exists()


def test_the_same_text_under_another_name_is_a_duplicate(tmp_path, seeds_dir):
    shutil.copy(seeds_dir / BISHKEK, tmp_path / "copy_of_bishkek.txt")
    out, error = run(tmp_path / "copy_of_bishkek.txt")
    assert error is not None and f"duplicate document: the same text was imported from '{BISHKEK}'" in out


def test_a_manifest_entry_for_a_missing_file_is_an_error(folder):
    (folder / "manifest.toml").write_text('["not_here.txt"]\nsummit = "2013-bishkek"\n')
    out, error = run(folder)
    assert error is not None and "manifest.toml: entry for a file that does not exist: not_here.txt" in str(
        error
    )


def test_a_malformed_manifest_is_an_error(folder):
    (folder / "manifest.toml").write_text('["004.txt"\nsummit = \n')
    out, error = run(folder)
    assert error is not None and "manifest.toml: malformed TOML" in str(error) and "line 1" in str(error)


def test_a_manifest_with_an_unknown_key_or_summit_is_an_error(folder):
    (folder / "manifest.toml").write_text(f'["{QINGDAO}"]\nsumit = "2018-qingdao"\n')
    out, error = run(folder)
    assert error is not None and "unknown key(s) sumit" in str(error)
    (folder / "manifest.toml").write_text(f'["{QINGDAO}"]\nsummit = "2018-qingdaoo"\n')
    out, error = run(folder)
    assert "unknown summit '2018-qingdaoo'" in out


def test_the_manifest_settles_an_undated_fragment(tmp_path):
    (tmp_path / "fragment.txt").write_bytes(
        b"Leaders met in Bishkek.\nThe talks covered security and trade.\n"
    )
    (tmp_path / "manifest.toml").write_text(
        '["fragment.txt"]\nsummit = "2019-bishkek"\ndate = "2019-06-14"\npublisher = "Test Wire"\n'
    )
    out, error = run(tmp_path)
    assert error is None
    document = Document.objects.get(seed_file="fragment.txt")
    assert (document.summit.slug, document.date.isoformat(), document.publisher) == (
        "2019-bishkek",
        "2019-06-14",
        "Test Wire",
    )
    assert document.title and document.paragraphs.count() == 2


def test_a_declaration_missing_title_and_place_takes_them_from_the_summit(tmp_path):
    (tmp_path / "wajd.txt").write_text(
        '"The World and Japan" Database (Project Leader: TANAKA Akihiko)\n'
        "Database of Japanese Politics and International Relations\n"
        "National Graduate Institute for Policy Studies (GRIPS)\n\n"
        "[Date] June 15, 2006\n[Source] SCO Secretariat\n[Full text]\n\n"
        "The heads of state met and declared their resolve.\n\nThey agreed on cooperation.\n\n"
        "June 15, 2006, Shanghai\n"
    )
    out, error = run(tmp_path / "wajd.txt")
    assert error is None, out
    document = Document.objects.get(seed_file="wajd.txt")
    assert document.summit.slug == "2006-shanghai"
    assert document.title == document.summit.declaration_name
    assert document.place == "Shanghai"
    assert document.paragraphs.count() == 2


def test_a_header_date_that_disagrees_with_the_text_is_reported(tmp_path):
    (tmp_path / "wajd.txt").write_text(
        '"The World and Japan" Database (Project Leader: TANAKA Akihiko)\nx\ny\n\n'
        "[Title] Dushanbe Declaration\n[Place] Dushanbe\n[Date] September 12, 2014\n[Full text]\n\n"
        "The member states declare.\n\nSeptember 13, 2014, Dushanbe\n"
    )
    out, error = run(tmp_path / "wajd.txt")
    assert error is None, out
    assert "disagrees" in out
    assert "disagrees" in Document.objects.get(seed_file="wajd.txt").import_notes
