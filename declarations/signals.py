"""Keep the summary counts (stats.py) and the cached pickers' and filters' lists (catalog.py) in step with
single-row edits made anywhere, the admin included.

Bulk paths (the importer, retagging, the corpus generator) wrap their work in stats.batch(), and so does every
request (stats.BatchRefreshMiddleware), so these handlers only note the summit and one refresh runs at the end.
Document.save refreshes for itself.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import catalog, stats
from .models import Document, Paragraph, ParagraphTheme, State, Summit, Theme


@receiver([post_save, post_delete], sender=Paragraph)
def paragraph_changed(sender, instance, **kwargs):
    stats.refresh([instance.summit_id])


@receiver([post_save, post_delete], sender=ParagraphTheme)
def tag_changed(sender, instance, **kwargs):
    summit_id = Paragraph.objects.filter(pk=instance.paragraph_id).values_list("summit_id", flat=True).first()
    stats.refresh([summit_id])


@receiver([post_save, post_delete], sender=Theme)
def theme_changed(sender, instance, **kwargs):
    stats.refresh()  # a new parent changes what every summit's parent-theme counts hold


@receiver([post_save, post_delete], sender=Document)
@receiver([post_save, post_delete], sender=Summit)
@receiver([post_save, post_delete], sender=Theme)
@receiver([post_save, post_delete], sender=State)
def catalog_changed(sender, instance, **kwargs):
    # The cached lists and the home page: now, and when the edit commits, since a request served before the
    # commit reads the old rows and would cache them under the new version.
    catalog.forget()
    transaction.on_commit(catalog.forget)
