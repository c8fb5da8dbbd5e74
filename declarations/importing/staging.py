"""Texts uploaded in the admin: checked and kept for their preview, imported together, undone from the history.

Confirming runs the same loader as `import_seeds` (import_file), with each file's corrections stored where the
command line reads them too (overrides.py), all files in one transaction: either every file of the upload is
imported or none is. Each import is one django-reversion revision (who, when, which files), and the upload row
keeps what an undo needs.
"""

import re
import uuid
from pathlib import PurePath

import reversion
from django.db import transaction
from django.utils import timezone

from ..models import Document, ImportRecord, ImportUpload, Summit
from ..retag import Retagger
from .errors import SourceError
from .loader import import_file
from .overrides import restore, store
from .preview import entry
from .shapes import ParseError, decode, parse
from .text import check_size

MAX_FILES = 20  # per upload: a preview page of twenty texts is about what a curator reviews at once
SAFE_NAME = re.compile(r"[^\w.-]+")


def clean_name(name):
    """A plain file name: no folders, no spaces or odd characters, ending .txt."""
    name = SAFE_NAME.sub("-", PurePath(name.replace("\\", "/")).name).strip("-.")[:100]
    return name


def check(name, size, read):
    """Refuse a file as the command line would (size first, then decoding and parsing); returns its bytes."""
    if not name.lower().endswith(".txt"):
        raise SourceError(name, "only .txt files can be imported")
    try:
        check_size(size)  # before reading: the upload handler has it on disk, not in memory
        data = read()
        parse(decode(data))
    except ParseError as e:
        raise SourceError(name, e.message, e.line) from e
    return data


def stage(files, user):
    """Keep the files that pass the checks as one batch; returns (batch or None, errors)."""
    batch, errors, kept = uuid.uuid4(), [], []
    for name, size, read in files:
        try:
            data = check(name, size, read)
        except SourceError as e:
            errors.append(str(e))
            continue
        name = clean_name(name)
        if any(upload.file_name == name for upload in kept):
            errors.append(f"{name}: uploaded twice at once; one file name is one document")
            continue
        kept.append(ImportUpload(batch=batch, file_name=name, data=data, uploaded_by=user))
    # Uploads previewed and never imported are kept a week, then forgotten.
    ImportUpload.objects.filter(
        state=ImportUpload.State.STAGED, uploaded_at__lt=timezone.now() - timezone.timedelta(days=7)
    ).delete()
    ImportUpload.objects.bulk_create(kept)
    return (batch if kept else None), errors


def confirm(uploads, user):
    """Import every upload in one transaction; returns the errors (then nothing was written)."""
    errors = []
    summits = list(Summit.objects.select_related("host"))
    retagger = Retagger()
    names = ", ".join(u.file_name for u in uploads)
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Imported through the admin: {names}")
        for upload in uploads:
            existing = Document.objects.filter(seed_file=upload.file_name).first()
            upload.previous_text = existing.original_text if existing else ""
            upload.previous_corrections = store(upload.file_name, upload.corrections, user)
            try:
                outcome = import_file(
                    PurePath(upload.file_name),
                    entry(upload.file_name, {}),
                    data=bytes(upload.data),
                    summits=summits,
                    retagger=retagger,
                )
            except SourceError as e:
                errors.append(str(e))
                continue
            reversion.add_to_revision(outcome.document)
            upload.state, upload.outcome = ImportUpload.State.IMPORTED, outcome.outcome
            upload.document, upload.imported_at = outcome.document, timezone.now()
            upload.save()
        if errors:
            transaction.set_rollback(True)
    return errors


def latest(upload):
    """Is this the last import of its file (only that one can be undone)?"""
    later = ImportUpload.objects.filter(
        file_name=upload.file_name, state=ImportUpload.State.IMPORTED, imported_at__gt=upload.imported_at
    )
    return not later.exists()


def undo(upload, user):
    """Take an import back: delete the document it created, or re-import the text it replaced."""
    if upload.state != ImportUpload.State.IMPORTED:
        raise SourceError(upload.file_name, "this import is not in force (never imported, or undone already)")
    if not latest(upload):
        raise SourceError(upload.file_name, "the file was imported again since; undo the later import first")
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Undid the import of {upload.file_name}")
        document = Document.objects.filter(seed_file=upload.file_name).first()
        restore(upload.file_name, upload.previous_corrections)
        if upload.outcome == "created" and document is not None:
            reversion.add_to_revision(document)  # the deleted document stays recoverable from its history
            document.delete()
            ImportRecord.objects.filter(kind="document", key=upload.file_name).delete()
        elif upload.outcome == "updated" and upload.previous_text:
            outcome = import_file(
                PurePath(upload.file_name),
                entry(upload.file_name, {}),
                data=upload.previous_text.encode("utf-8"),
            )
            reversion.add_to_revision(outcome.document)
        upload.state = ImportUpload.State.UNDONE
        upload.save(update_fields=["state"])
