"""Issue 14, 6: two imports at once. The second is refused with a plain message before it writes anything (it
crashed half-way: "database is locked" on SQLite, an IntegrityError on a document slug on PostgreSQL), and the
first finishes; once it has, the next import runs."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from declarations.importing.seeds import import_seeds
from declarations.models import Document, ImportLock


def text_folder(folder, name, words):
    folder.mkdir()
    (folder / name).write_text(f"Leaders met in Bishkek and spoke of {words}.\nThe talks covered trade.\n")
    (folder / "manifest.toml").write_text(f'["{name}"]\nsummit = "2019-bishkek"\ndate = "2019-06-14"\n')
    return folder


def import_in_another_thread(*args):
    """Run import_seeds as a second process would: its own thread, its own database connection."""
    outcome = {}

    def run():
        try:
            call_command("import_seeds", *map(str, args), stdout=StringIO(), stderr=StringIO())
            outcome["error"] = None
        except CommandError as e:
            outcome["error"] = str(e)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    return outcome


def test_a_second_import_while_one_runs_is_refused_plainly_and_the_first_finishes(
    tmp_path, seeds_dir, committed_seeds
):
    first = text_folder(tmp_path / "first", "first.txt", "security")
    second = text_folder(tmp_path / "second", "second.txt", "energy")
    seen = []

    def progress(i, total, path):  # the first import, between its reference data and its texts
        seen.append(import_in_another_thread(second))

    result = import_seeds([first], seeds_dir, progress=progress)

    assert seen and seen[0]["error"].startswith("an import is running (")
    assert "try again when it has finished" in seen[0]["error"]
    assert result.texts.created == 1 and not result.texts.failures
    assert Document.objects.filter(seed_file="first.txt").exists()
    assert not Document.objects.filter(seed_file="second.txt").exists()  # nothing of the refused run
    assert not ImportLock.objects.exists()  # released
    assert import_in_another_thread(second) == {"error": None}  # and the next import runs
    assert Document.objects.filter(seed_file="second.txt").exists()


def test_an_import_that_fails_releases_the_lock(tmp_path, seeds_dir, committed_seeds):
    (tmp_path / "manifest.toml").write_text('["x.txt"]\nsummit = "2019-bishkek"\n')
    (tmp_path / "x.txt").write_text("Leaders met in Bishkek.\n")
    (tmp_path / "reference.toml").write_text("this is not TOML = = =\n")
    with pytest.raises(Exception, match="malformed TOML"):
        import_seeds([tmp_path], seeds_dir)
    assert import_in_another_thread(seeds_dir) == {"error": None}


@pytest.mark.django_db
def test_a_lock_left_by_an_import_that_died_does_not_block_the_next(tmp_path, seeds_dir):
    import socket
    import subprocess
    import sys

    from django.utils import timezone

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    ImportLock.objects.create(
        name="import", host=socket.gethostname(), pid=int(dead.stdout), started_at=timezone.now()
    )
    result = import_seeds([text_folder(tmp_path / "f", "late.txt", "water")], seeds_dir)
    assert result.texts.created == 1


def test_the_admins_import_waits_its_turn_too(client, committed_seeds, editor):
    from declarations.importing.lock import import_lock

    from .test_admin_import import DECLARATION, NEWS, correction_data, upload_both

    preview_url = upload_both(client)
    holding, release = threading.Event(), threading.Event()

    def command_line_import():  # another import holds the lock meanwhile
        try:
            with import_lock():
                holding.set()
                release.wait(timeout=60)
        finally:
            connections.close_all()

    holder = threading.Thread(target=command_line_import)
    holder.start()
    try:
        assert holding.wait(timeout=60)
        response = client.post(
            preview_url, correction_data(client.get(preview_url), _import="1"), follow=True
        )
        said = [str(m) for m in response.context["messages"]]
        assert any(m.startswith("Nothing was imported: an import is running (") for m in said), said
        assert not Document.objects.filter(seed_file__in=[NEWS, DECLARATION]).exists()
    finally:
        release.set()
        holder.join(timeout=60)
    response = client.post(preview_url, correction_data(client.get(preview_url), _import="1"), follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said and said[0].startswith("Imported 2 text(s)"), said
    assert Document.objects.filter(seed_file__in=[NEWS, DECLARATION]).count() == 2
