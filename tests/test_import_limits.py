"""What the command line refuses, and how: each bad file named with its line and problem, the others imported."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from declarations.models import Document

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
GOOD = "wajd_database_footer.txt"


def run(folder):
    out = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import_seeds", str(folder), stdout=out, stderr=out)
    return out.getvalue(), str(info.value)


def test_a_50_mb_file_is_refused_by_its_size_and_the_others_are_imported(tmp_path):
    shutil.copy(GOLDEN / GOOD, tmp_path / GOOD)
    with open(tmp_path / "huge.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: the size is all the importer may look at
    out, error = run(tmp_path)
    assert (
        "failed: huge.txt: file is 50.0 MB, over the limit of 1 MB per file (a declaration is under 200 KB)"
        in out
    )
    assert "1 file(s) failed to import" in error
    assert Document.objects.filter(seed_file=GOOD).exists()
    assert not Document.objects.filter(seed_file="huge.txt").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Декларация глав государств.\n".encode("cp1251"), "bad.txt: line 1: not valid UTF-8"),
        ("Bishkek Declaration\n".encode("utf-32"), "bad.txt: file is UTF-32 encoded, which is not accepted"),
        (b"%PDF-1.4\n", "bad.txt: file is a PDF document, not a text file"),
        (b"[Title] Declaration\n\x00\x01", "bad.txt: line 2: file is binary, not text"),
        (b"\xef\xbb\xbf \r\n", "bad.txt: file is empty"),
    ],
)
def test_a_bad_file_is_named_with_its_problem_and_does_not_stop_the_others(tmp_path, content, message):
    shutil.copy(GOLDEN / GOOD, tmp_path / GOOD)
    (tmp_path / "bad.txt").write_bytes(content)
    out, _ = run(tmp_path)
    assert f"failed: {message}" in out
    assert Document.objects.filter(seed_file=GOOD).exists()
    assert not Document.objects.filter(seed_file="bad.txt").exists()


def test_utf16_with_a_byte_order_mark_imports_like_utf8(tmp_path):
    text = (GOLDEN / GOOD).read_text(encoding="utf-8")
    (tmp_path / "utf16.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    call_command("import_seeds", str(tmp_path / "utf16.txt"), stdout=StringIO())
    document = Document.objects.get(seed_file="utf16.txt")
    assert document.summit.slug == "2018-qingdao"
    assert document.paragraphs.count() == 3


def test_an_unknown_summit_in_the_manifest_is_named(tmp_path):
    shutil.copy(GOLDEN / GOOD, tmp_path / GOOD)
    (tmp_path / "manifest.toml").write_text(f'["{GOOD}"]\nsummit = "2018-atlantis"\n')
    out, _ = run(tmp_path)
    assert f"failed: manifest.toml: ['{GOOD}'] unknown summit '2018-atlantis'" in out
