"""Keep the summary counts (stats.py) and the cached pickers' and filters' lists (catalog.py) in step with
single-row edits made anywhere, the admin included.

Bulk paths (the importer, retagging, the corpus generator) wrap their work in stats.batch(), and so does every
request (stats.BatchRefreshMiddleware), so these handlers only note the summit and one refresh runs at the end.
Document.save refreshes for itself.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import catalog, stats
from .models import Document, Paragraph, ParagraphTheme, Participation, State, StatusChange, Summit, Theme


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
@receiver([post_save, post_delete], sender=Participation)
@receiver([post_save, post_delete], sender=StatusChange)
def catalog_changed(sender, instance, **kwargs):
    catalog.forget_when_committed()  # the cached lists, the home page and the summit pages
