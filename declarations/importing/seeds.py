"""The whole import, in order: reference data, taxonomy, then every text with the manifest's help."""

from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..search import counts as summary_counts
from .errors import SourceError
from .loader import import_folder, load_manifest
from .overrides import with_overrides
from .reference import load_reference, load_themes, read_toml
from .report import Report

REFERENCE_FILE = "reference.toml"
THEMES_FILE = "themes.toml"
MANIFEST_FILE = "manifest.toml"


@dataclass
class SeedsResult:
    reference: Report
    themes: Report
    texts: Report
    outcomes: list = field(default_factory=list)


def collect_texts(paths):
    """The .txt files named or found directly in the named folders, sorted, each once."""
    files = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise SourceError(path, "no such file or folder")
    return list(dict.fromkeys(files))


def import_seeds(paths, seeds_dir, *, overwrite_edits=False, dry_run=False, progress=None):
    """Reference data and taxonomy come from seeds_dir (or a named folder holding them)."""
    from django.db import transaction

    seeds_dir = Path(seeds_dir)
    folders = [Path(p) for p in paths if Path(p).is_dir()]
    data_dir = next((f for f in folders if (f / REFERENCE_FILE).exists()), seeds_dir)
    texts = collect_texts(paths)
    manifest_dir = next((f for f in folders if (f / MANIFEST_FILE).exists()), None) or (
        texts[0].parent if texts and (texts[0].parent / MANIFEST_FILE).exists() else data_dir
    )
    manifest = load_manifest(manifest_dir / MANIFEST_FILE, read_toml)
    if folders:
        present = {p.name for p in texts}
        missing = sorted(name for name in manifest if name not in present)
        if missing and any(f.resolve() == manifest_dir.resolve() for f in folders):
            raise SourceError(
                manifest_dir / MANIFEST_FILE, f"entry for a file that does not exist: {', '.join(missing)}"
            )
    manifest = with_overrides(manifest)  # what curators chose in the admin's import preview
    # A dry run does everything inside one transaction and rolls it back, so the texts see the reference rows
    # it would create; each file still has its own savepoint, so one bad file does not hide the others. A real
    # run commits the reference data, then each file on its own.
    with transaction.atomic() if dry_run else nullcontext():
        reference = load_reference(data_dir / REFERENCE_FILE, overwrite_edits=overwrite_edits)
        themes_path = data_dir / THEMES_FILE
        themes = (
            load_themes(themes_path, overwrite_edits=overwrite_edits) if themes_path.exists() else Report()
        )
        with summary_counts.batch():
            texts_report, outcomes = import_folder(
                texts, manifest, overwrite_edits=overwrite_edits, progress=progress
            )
            summary_counts.refresh()  # every import leaves the summary counts whole, even when nothing changed
        if dry_run:
            transaction.set_rollback(True)
    return SeedsResult(reference=reference, themes=themes, texts=texts_report, outcomes=outcomes)
