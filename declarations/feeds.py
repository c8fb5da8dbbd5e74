"""Atom feeds of newly added documents: the whole archive, one summit's, one theme's (issue 15).

"Newly added" is the order documents entered the archive (their id), not their date: a 2001 text imported today
is news to a subscriber."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Document, ParagraphTheme, Summit, Theme

ITEMS = 50


class NewDocuments(Feed):
    feed_type = Atom1Feed
    title = "SCO Declarations Archive: new documents"
    subtitle = "Documents newly added to the archive of Shanghai Cooperation Organization summit texts."

    def link(self):
        return reverse("declarations:document_list")

    def documents(self, obj):
        return Document.objects.public()

    def items(self, obj=None):
        return self.documents(obj).select_related("summit").order_by("-id")[:ITEMS]

    def item_title(self, document):
        return document.title

    def item_description(self, document):
        where = f", {document.place}" if document.place else ""
        return (
            f"{document.get_kind_display()} of {document.date:%-d %B %Y}{where}; summit: {document.summit}."
        )

    def item_pubdate(self, document):
        return document.first_imported_at

    def item_updateddate(self, document):
        return document.last_imported_at

    def item_categories(self, document):
        return [document.get_kind_display(), str(document.summit)]


class SummitNewDocuments(NewDocuments):
    def get_object(self, request, slug):
        return get_object_or_404(Summit, slug=slug)

    def title(self, summit):
        return f"SCO Declarations Archive: new documents of the {summit} summit"

    def subtitle(self, summit):
        return f"Documents of the {summit} summit newly added to the archive."

    def link(self, summit):
        return summit.get_absolute_url()

    def documents(self, summit):
        return Document.objects.public().filter(summit=summit)


class ThemeNewDocuments(NewDocuments):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, theme):
        return f"SCO Declarations Archive: new documents on {theme.name}"

    def subtitle(self, theme):
        return (
            f"Documents newly added to the archive with a paragraph on {theme.name} or one of its sub-themes."
        )

    def link(self, theme):
        return theme.get_absolute_url()

    def documents(self, theme):
        family = [theme.pk, *theme.children.values_list("pk", flat=True)]
        tagged = ParagraphTheme.objects.filter(theme_id__in=family, paragraph__published=True)
        return Document.objects.public().filter(id__in=tagged.values("paragraph__document_id"))
