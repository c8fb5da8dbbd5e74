"""One validation path for what an import writes: the model's own field validation (max_length, slug, URL
schemes, choices, the paragraph length bound), applied to values from texts, the manifest and the reference
data alike, before anything is written.

Without it SQLite stored what PostgreSQL refused (a 301-character heading, a 130-character place), so the two
databases diverged, and on PostgreSQL one such value aborted the whole run. Now both refuse the same values the
same way, as a SourceError naming the file, the line and the field.
"""

import re

from django.core.exceptions import ValidationError

from .errors import SourceError


def field_errors(instance, names):
    """[(field, message)] for these fields of an unsaved model instance, by its own full_clean()."""
    exclude = [f.name for f in instance._meta.fields if f.name not in names]
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as e:
        # each message once: a URL both URLValidators refuse is one problem
        return list(dict.fromkeys((n, m) for n, messages in e.message_dict.items() for m in messages))
    return []


def line_of(text, value):
    """The 1-based line of text where value first appears (its first line, if it spans lines), or None."""
    first = str(value).strip().split("\n", 1)[0][:200]
    if not first:
        return None
    position = text.find(first)
    return text.count("\n", 0, position) + 1 if position >= 0 else None


def toml_line(path, table=None, key=None):
    """The line of `key = ...` inside the TOML table [table] (or of the table's header), or None.

    tomllib gives no positions, so the line is found in the text; good enough to point a curator at it."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    header = re.compile(r"\s*\[\s*(?:\"{0}\"|'{0}'|{0})\s*\]\s*(?:#.*)?".format(re.escape(str(table))))
    start = next((i for i, line in enumerate(lines) if header.fullmatch(line)), None)
    if start is None:
        return None
    if key is None:
        return start + 1
    assignment = re.compile(rf"\s*{re.escape(key)}\s*=")
    for i in range(start + 1, len(lines)):
        if lines[i].lstrip().startswith("["):
            break
        if assignment.match(lines[i]):
            return i + 1
    return start + 1


def toml_entry_line(path, slug):
    """The line of `slug = "<slug>"` in an array-of-tables file such as reference.toml, or None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.search(rf"^\s*slug\s*=\s*[\"']{re.escape(str(slug))}[\"']", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def refuse(path, errors, line=None, prefix=""):
    """Raise the first refusal as a SourceError; the others follow in its message."""
    name, message = errors[0]
    more = "".join(f"; {n}: {m}" for n, m in errors[1:])
    raise SourceError(path, f"{prefix}{name}: {message}{more}", line)
