"""Time the re-import of a text whose every paragraph changed (issue 14): the paragraph matching alone, and the
whole import_seeds of the changed file, for texts of N paragraphs, in a scratch SQLite database.

    .venv/bin/python bench/reimport.py 200 1000

Paragraphs are 60 words drawn from a 3,000-word vocabulary; the change replaces three words in each, inserts one
paragraph at the top and drops one from the middle. A text of about 1,900 such paragraphs reaches the importer's
1 MB limit per file; a larger N is reported as refused.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scobase.settings")
scratch = tempfile.mkdtemp()
os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/reimport.sqlite3"

import io  # noqa: E402

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from declarations.importing.matching import pair_similar  # noqa: E402
from declarations.importing.seeds import import_seeds  # noqa: E402
from tests.test_reliability_rematch import changed, paragraphs  # noqa: E402


def main(sizes):
    import tests.test_reliability_rematch as texts

    call_command("migrate", verbosity=0)
    call_command("import_seeds", verbosity=0, stdout=io.StringIO())
    for n in sizes:
        texts.PARAGRAPHS = n
        old = paragraphs()
        new = changed(old)
        new.insert(0, "A new opening paragraph about the summit in Bishkek.")
        del new[n // 2]
        start = time.perf_counter()
        pairs = pair_similar(old, new)
        matching = time.perf_counter() - start
        folder = Path(tempfile.mkdtemp())
        texts.write(folder, old)
        refused = import_seeds([folder], settings.SEEDS_DIR).texts.failures
        texts.write(folder, new)
        start = time.perf_counter()
        refused += import_seeds([folder], settings.SEEDS_DIR).texts.failures
        whole = time.perf_counter() - start
        if refused:
            print(f"{n} paragraphs: refused: {refused[0]}")
            continue
        print(f"{n} paragraphs: matching {matching:.3f} s ({len(pairs)} paired), re-import {whole:.1f} s")
        (folder / "long.txt").unlink()
        (folder / "manifest.toml").unlink()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200])
