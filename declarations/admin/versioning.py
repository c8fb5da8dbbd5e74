"""Which models django-reversion records, and the baseline version that makes a first staff edit revertible.

A save in the admin is one revision: a paragraph and its tags (inline) revert together, a summit and its
participation rows likewise. Imported rows have no version until staff first touch them, so before the first
recorded edit we store the row as it was ("before the first staff edit"); without it there would be nothing to
revert to.
"""

import reversion
from reversion.models import Version

from ..models import (
    Document,
    Paragraph,
    ParagraphTheme,
    Participation,
    RejectedTag,
    State,
    StateAlias,
    StatusChange,
    Summit,
    Theme,
)

BASELINE_COMMENT = "Before the first staff edit (as imported)"


def register_models():
    registrations = [
        (Paragraph, ["tags", "rejected_tags"]),
        (ParagraphTheme, []),
        (RejectedTag, []),
        (Document, []),
        (Summit, ["participations", "status_changes"]),
        (Participation, []),
        (StatusChange, []),
        (Theme, []),
        (State, ["aliases"]),
        (StateAlias, []),
    ]
    for model, follow in registrations:
        if not reversion.is_registered(model):
            reversion.register(model, follow=follow)


def unversioned(model, pks):
    pks = [str(pk) for pk in pks]
    have = set(
        Version.objects.get_for_model(model).filter(object_id__in=pks).values_list("object_id", flat=True)
    )
    return [pk for pk in pks if pk not in have]


def record_baseline(model, pks):
    """Store the current state of the rows that have no version yet, as their own revision."""
    missing = unversioned(model, pks)
    if not missing:
        return 0
    objects = list(model._default_manager.filter(pk__in=missing))
    with reversion.create_revision():
        reversion.set_comment(BASELINE_COMMENT)
        for obj in objects:
            reversion.add_to_revision(obj)
    return len(objects)
