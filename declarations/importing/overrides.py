"""Corrections a curator chose in the admin's import preview, read like the manifest's entries.

A file's entry is its manifest entry (seeds/manifest.toml) with the curator's corrections on top: the correction
is the later, reviewed decision. The admin and `import_seeds` both build entries here, so both import a file the
same way.
"""

from ..models import ImportOverride


def with_overrides(manifest):
    """The manifest's entries with every stored correction applied (one query)."""
    # Entries without corrections stay as loaded (they know the file and line they were read from).
    merged = dict(manifest)
    for file_name, values in ImportOverride.objects.values_list("file_name", "values"):
        merged[file_name] = {**merged.get(file_name, {}), **values}
    return merged


def entry_for(file_name, manifest, corrections=None):
    """One file's entry: manifest, stored corrections, then `corrections` not yet stored (a preview's)."""
    stored = ImportOverride.objects.filter(file_name=file_name).values_list("values", flat=True).first() or {}
    return {**manifest.get(file_name, {}), **stored, **(corrections or {})}


def store(file_name, values, user):
    """Add `values` to the file's stored corrections; returns what was stored before (None if nothing)."""
    current = ImportOverride.objects.filter(file_name=file_name).first()
    previous = dict(current.values) if current else None
    if values:
        ImportOverride.objects.update_or_create(
            file_name=file_name, defaults={"values": {**(previous or {}), **values}, "updated_by": user}
        )
    return previous


def restore(file_name, previous):
    """Put back what `store` returned."""
    if previous is None:
        ImportOverride.objects.filter(file_name=file_name).delete()
    else:
        ImportOverride.objects.update_or_create(file_name=file_name, defaults={"values": previous})
