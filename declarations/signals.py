"""Keep what is derived from the archive in step with single-row edits made anywhere, the admin included: the
paragraphs' copies of their document's fields, and the summary counts (search.counts).

Bulk paths (the importer, retagging, the corpus generator, an admin request) wrap their work in
counts.batch(), so these handlers only note the summit and one refresh runs at the end of the batch.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Document, Paragraph, ParagraphTheme, Theme
from .search import counts


@receiver(post_save, sender=Document)
def document_saved(sender, instance, **kwargs):
    moved_from = instance.paragraphs.all().copy_document_fields(instance)
    if moved_from:
        counts.refresh(moved_from | {instance.summit_id})


@receiver([post_save, post_delete], sender=Paragraph)
def paragraph_changed(sender, instance, **kwargs):
    counts.refresh([instance.summit_id])


@receiver([post_save, post_delete], sender=ParagraphTheme)
def tag_changed(sender, instance, **kwargs):
    summit_id = Paragraph.objects.filter(pk=instance.paragraph_id).values_list("summit_id", flat=True).first()
    counts.refresh([summit_id])


@receiver([post_save, post_delete], sender=Theme)
def theme_changed(sender, instance, **kwargs):
    counts.refresh()  # a new parent changes what every summit's parent-theme counts hold
