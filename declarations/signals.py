"""Keep what is derived from the archive in step with single-row edits made anywhere, the admin included: the
paragraphs' copies of their document's fields, the summary counts (search.counts), and which paragraphs are
quoted in the news (Paragraph.quoted).

Bulk paths (the importer, retagging, the corpus generator, an admin request) wrap their work in
counts.batch(), so these handlers only note the summit and one refresh runs at the end of the batch.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .models import Document, Paragraph, ParagraphTheme, QuotationLink, Theme
from .quotations.links import refresh_quoted
from .search import counts


@receiver(post_save, sender=Document)
def document_saved(sender, instance, **kwargs):
    moved_from = instance.paragraphs.all().copy_document_fields(instance)
    if moved_from:
        counts.refresh(moved_from | {instance.summit_id})
        # Published or withdrawn: the links readers see from or to its paragraphs change with it (two queries: an
        # OR across the two sides of the link table joins both).
        quoting = QuotationLink.objects.filter(news__document=instance)
        sources = [
            *quoting.values_list("source_id", flat=True),
            *instance.paragraphs.values_list("pk", flat=True),
        ]
        refresh_quoted(sources)
        # Redated: the links keep a copy of their news paragraph's date.
        quoting.exclude(news_date=instance.date).update(news_date=instance.date)


@receiver(pre_delete, sender=Paragraph)
def paragraph_deleting(sender, instance, **kwargs):
    # Its links go with it (a cascade, before post_delete): note the paragraphs they quoted first. Only news quotes
    # (a document that changes kind has its links recomputed then), so deleting a declaration costs no query here.
    if instance.kind == Document.Kind.NEWS:
        links = QuotationLink.objects.filter(news=instance)
        instance._quoted_sources = list(links.values_list("source_id", flat=True))


@receiver([post_save, post_delete], sender=Paragraph)
def paragraph_changed(sender, instance, **kwargs):
    counts.refresh([instance.summit_id])
    refresh_quoted(getattr(instance, "_quoted_sources", ()))


@receiver(pre_save, sender=QuotationLink)
def quotation_link_saving(sender, instance, **kwargs):
    # Its copy of the news paragraph's date, as that is now: on a staff edit and on a revert, whose raw save of a
    # stored version (an old date, or none before migration 0020) passes no save() method. Bulk writes set it.
    if instance.news_id:
        instance.news_date = Paragraph.objects.values_list("date", flat=True).get(pk=instance.news_id)


@receiver(post_save, sender=QuotationLink)
def quotation_link_saved(sender, instance, **kwargs):
    refresh_quoted([instance.source_id])  # a staff decision (bulk writes call refresh_quoted themselves)


@receiver([post_save, post_delete], sender=ParagraphTheme)
def tag_changed(sender, instance, **kwargs):
    summit_id = Paragraph.objects.filter(pk=instance.paragraph_id).values_list("summit_id", flat=True).first()
    counts.refresh([summit_id])


@receiver([post_save, post_delete], sender=Theme)
def theme_changed(sender, instance, **kwargs):
    counts.refresh()  # a new parent changes what every summit's parent-theme counts hold
