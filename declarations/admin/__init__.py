"""The staff admin: every content model, with history (django-reversion) and the editing operations of editing.py.

Registration with reversion happens before the ModelAdmins are built, so each model follows exactly the
relations chosen in versioning.py (a paragraph with its tags, a summit with its participation).
"""

from .versioning import register_models

register_models()

from . import documents, paragraphs, quotations, records, reference, review, themes  # noqa: E402, F401
