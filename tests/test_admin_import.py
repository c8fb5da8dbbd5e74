"""The admin's "Import texts" page, as a curator uses it: upload, preview, correct, import, see it public, undo."""

import shutil
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from declarations.models import Document, ImportUpload

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
NEWS = "2024-07-04-reuters-astana.txt"  # a news fragment that gives no date: the file name does
DECLARATION = "astana-2017-declaration.txt"  # a WAJD text whose header date is a typo
IMPORT = reverse("admin:declarations_document_import")
HISTORY = reverse("admin:declarations_document_import_history")


def upload(name, golden):
    return SimpleUploadedFile(name, (GOLDEN / f"{golden}.txt").read_bytes(), content_type="text/plain")


def upload_both(client):
    files = [upload(NEWS, "fragment_reuters_credits"), upload(DECLARATION, "wajd_header_date_typo")]
    response = client.post(IMPORT, {"files": files})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


def correction_data(response, changes=None, **buttons):
    """The preview's form as the browser would post it, with `changes` ({(file, field): value}) typed in."""
    data = {}
    for upload_row, _, form in response.context["items"]:
        for field in form:
            value = field.value()
            if value not in (None, False, ""):
                data[field.html_name] = value if value is not True else "on"
        for (name, field), value in (changes or {}).items():
            if name == upload_row.file_name:
                data[form[field].html_name] = value
    return {**data, **buttons}


def test_a_curator_previews_corrects_imports_sees_it_public_and_undoes_it(client, editor):
    page = client.get(IMPORT)
    assert page.status_code == 200 and "Or paste a text" in page.content.decode()
    preview_url = upload_both(client)
    assert not Document.objects.filter(seed_file__in=[NEWS, DECLARATION]).exists()  # nothing written yet

    response = client.get(preview_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "news_fragment" in html and "wajd_declaration" in html
    shown = {u.file_name: s for u, s, _ in response.context["items"]}
    news = {v.name: (v.value, v.source) for v in shown[NEWS].values}
    declaration = {v.name: (v.value, v.source) for v in shown[DECLARATION].values}
    assert str(news["date"][0]) == "2024-07-04" and news["date"][1] == "file name"
    assert news["author"] == ("Olzhas Auyezov and Guy Faulconbridge", "body (credit line)")
    assert str(declaration["date"][0]) == "2017-06-09"
    assert declaration["date"][1] == "body, settled by the reference data"
    assert declaration["summit"][0].slug == "2017-astana"
    assert declaration["title"][1] == "header"
    assert any("2017-06-19" in w for w in shown[DECLARATION].warnings)  # the header's date, shown to staff
    assert ("credit" in html) and ("(Reporting by Olzhas Auyezov" in html) and ("newsletter" in html)
    assert len(shown[NEWS].paragraphs) == 5

    # the publisher is corrected, and the preview shows the correction before anything is written
    data = correction_data(response, {(NEWS, "publisher"): "Reuters"}, _preview="1")
    assert client.post(preview_url, data).status_code == 302
    response = client.get(preview_url)
    news = {
        v.name: (v.value, v.source)
        for u, s, _ in response.context["items"]
        if u.file_name == NEWS
        for v in s.values
    }
    assert news["publisher"] == ("Reuters", "your correction")
    assert not Document.objects.filter(seed_file__in=[NEWS, DECLARATION]).exists()

    response = client.post(preview_url, correction_data(response, _import="1"))
    assert response.status_code == 302 and response.url == HISTORY
    article = Document.objects.get(seed_file=NEWS)
    declaration = Document.objects.get(seed_file=DECLARATION)
    assert (article.publisher, article.summit.slug, article.date.isoformat()) == (
        "Reuters",
        "2024-astana",
        "2024-07-04",
    )
    assert (declaration.summit.slug, declaration.date.isoformat()) == ("2017-astana", "2017-06-09")

    public = client.get(declaration.get_absolute_url()).content.decode()
    assert "accession of the Republic of India" in public and "Astana" in public
    public = client.get(article.get_absolute_url()).content.decode()
    assert "Reuters" in public and "Tokayev" in public
    assert "Reporting by" not in public and "Trust Principles" not in public
    summit_page = client.get(reverse("declarations:summit_detail", args=["2017-astana"])).content.decode()
    assert declaration.title in summit_page

    history = client.get(HISTORY).content.decode()
    assert "editor" in history and NEWS in history and "Undo this import" in history

    record = ImportUpload.objects.get(file_name=DECLARATION, state="imported")
    undo_url = reverse("admin:declarations_document_import_undo", args=[record.pk])
    assert "deletes the document" in client.get(undo_url).content.decode()
    assert client.post(undo_url).status_code == 302
    assert not Document.objects.filter(seed_file=DECLARATION).exists()
    assert client.get(declaration.get_absolute_url()).status_code == 404
    assert Document.objects.filter(seed_file=NEWS).exists()
    assert "(undone)" in client.get(HISTORY).content.decode()


def test_a_command_line_import_of_the_same_file_keeps_the_curators_correction(client, editor, tmp_path):
    preview_url = upload_both(client)
    response = client.get(preview_url)
    client.post(preview_url, correction_data(response, {(NEWS, "publisher"): "Reuters"}, _import="1"))
    assert Document.objects.get(seed_file=NEWS).publisher == "Reuters"
    shutil.copy(GOLDEN / "fragment_reuters_credits.txt", tmp_path / NEWS)
    Document.objects.filter(
        seed_file=NEWS
    ).delete()  # even from scratch, the command line reads the correction
    call_command("import_seeds", str(tmp_path / NEWS), stdout=StringIO())
    assert Document.objects.get(seed_file=NEWS).publisher == "Reuters"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.txt", b"%PDF-1.7\n", "Refused scan.txt: file is a PDF document, not a text file"),
        (
            "big.txt",
            b"a" * (1024 * 1024 + 10),
            "Refused big.txt: file is over the limit of 1 MB per file (a declaration is under 200 KB)",
        ),
        ("cyrillic.txt", "Декларация.\n".encode("cp1251"), "Refused cyrillic.txt: line 1: not valid UTF-8"),
        ("blank.txt", b"\xef\xbb\xbf\n \n", "Refused blank.txt: file is empty"),
        ("notes.docx", b"PK\x03\x04", "Refused notes.docx: only .txt files can be imported"),
    ],
)
def test_a_bad_file_is_refused_with_its_problem_and_nothing_is_written(
    client, editor, name, content, message
):
    documents = Document.objects.count()
    response = client.post(IMPORT, {"files": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Document.objects.count() == documents and not ImportUpload.objects.exists()


def test_one_bad_file_does_not_stop_the_good_one(client, editor):
    files = [SimpleUploadedFile("scan.txt", b"%PDF-1.7\n"), upload(DECLARATION, "wajd_header_date_typo")]
    response = client.post(IMPORT, {"files": files}, follow=True)
    html = response.content.decode()
    assert "Refused scan.txt: file is a PDF document" in html
    assert [u.file_name for u, _, _ in response.context["items"]] == [DECLARATION]


def test_a_text_of_no_known_summit_is_held_until_the_curator_names_the_summit(client, editor):
    text = "The leaders discussed cooperation in general.\nThey agreed to meet again.\n"
    response = client.post(IMPORT, {"text": text, "name": "pasted.txt"}, follow=True)
    html = response.content.decode()
    assert "pasted.txt: cannot tell which summit this text belongs to" in html
    response = client.post(response.request["PATH_INFO"], correction_data(response, _import="1"))
    assert not Document.objects.filter(seed_file="pasted.txt").exists()  # refused: no summit
    response = client.get(response.url)
    data = correction_data(
        response, {("pasted.txt", "summit"): "2019-bishkek", ("pasted.txt", "date"): "2019-06-14"}
    )
    client.post(response.request["PATH_INFO"], {**data, "_import": "1"})
    document = Document.objects.get(seed_file="pasted.txt")
    assert (document.summit.slug, document.paragraphs.count()) == ("2019-bishkek", 2)


def test_a_re_import_preview_says_what_would_change_and_keeps_staff_edits(client, editor, seeds_dir):
    name = "001_d8c982eaffdaa9bf.txt"
    document = Document.objects.get(seed_file=name)
    edited = document.paragraphs.get(number=2)
    edited.text = "Staff rewrote this paragraph."
    edited.save()
    text = (seeds_dir / name).read_text(encoding="utf-8")
    third = document.paragraphs.get(number=3).source_text
    changed = text.replace(third, "A paragraph the source now says instead, about something new entirely.")
    response = client.post(IMPORT, {"text": changed, "name": name}, follow=True)
    shown = response.context["items"][0][1]
    html = response.content.decode()
    assert shown.existing == document and "Already in the archive" in html
    assert shown.staff_edited == 1 and "1 paragraph edited by staff keeps the staff text" in html
    assert shown.changes["unchanged"] >= 30 and shown.changes["created"] + shown.changes["updated"] == 1
    assert document.paragraphs.get(number=3).source_text == third  # the preview wrote nothing


def test_staff_without_the_import_permission_are_refused(client):
    user = User.objects.create_user("clerk", is_staff=True)
    client.force_login(user)
    assert client.get(IMPORT).status_code == 403
    assert client.get(HISTORY).status_code == 403
    changelist = client.get(reverse("admin:declarations_document_changelist"))
    assert changelist.status_code in (200, 403) and "Import texts" not in changelist.content.decode()


def test_the_document_changelist_offers_the_import_to_editors(client, editor):
    html = client.get(reverse("admin:declarations_document_changelist")).content.decode()
    assert IMPORT in html and "Import texts" in html


def test_the_history_records_who_imported_what_and_when(client, editor):
    preview_url = upload_both(client)
    client.post(preview_url, correction_data(client.get(preview_url), _import="1"))
    document = Document.objects.get(seed_file=DECLARATION)
    version = Version.objects.get_for_object(document).first()
    assert version.revision.user == editor
    assert DECLARATION in version.revision.get_comment() and NEWS in version.revision.get_comment()
    history = client.get(reverse("admin:declarations_document_history", args=[document.pk])).content.decode()
    assert "Imported through the admin" in history


def test_the_import_history_lists_many_imports_in_few_queries(client, editor, django_assert_max_num_queries):
    for i in range(30):
        ImportUpload.objects.create(
            batch=uuid.uuid4(),
            file_name=f"f{i}.txt",
            data=b"x",
            state="imported",
            outcome="created",
            uploaded_by=editor,
            document=Document.objects.first(),
        )
    with django_assert_max_num_queries(12):
        response = client.get(HISTORY)
    assert response.content.decode().count("Undo this import") == 30


def test_undoing_a_re_import_brings_the_replaced_text_back(client, editor, seeds_dir):
    name = "001_d8c982eaffdaa9bf.txt"
    document = Document.objects.get(seed_file=name)
    third = document.paragraphs.get(number=3).source_text
    text = (seeds_dir / name).read_text(encoding="utf-8")
    changed = text.replace(third, "A paragraph the source now says instead, about something new entirely.")
    response = client.post(IMPORT, {"text": changed, "name": name}, follow=True)
    client.post(response.request["PATH_INFO"], correction_data(response, _import="1"))
    assert document.paragraphs.get(number=3).text.startswith("A paragraph the source now says instead")
    record = ImportUpload.objects.get(file_name=name, state="imported")
    assert record.outcome == "updated"
    client.post(reverse("admin:declarations_document_import_undo", args=[record.pk]))
    assert document.paragraphs.get(number=3).text == third
    assert document.paragraphs.count() == 32
