"""The sitemap sections (django.contrib.sitemaps): the index lists them, each paginated at 50,000 URLs."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Document, Paragraph, Summit, Theme


class Pages(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "declarations:home",
            "declarations:summit_list",
            "declarations:document_list",
            "declarations:paragraph_list",
            "declarations:theme_list",
            "declarations:state_list",
            "declarations:data",
        ]

    def location(self, name):
        return reverse(name)


class Summits(Sitemap):
    def items(self):
        return Summit.objects.order_by("start_date")


class Themes(Sitemap):
    def items(self):
        return Theme.objects.order_by("position", "id")


class Documents(Sitemap):
    def items(self):
        return Document.objects.public().order_by("id").only("slug", "last_imported_at")

    def lastmod(self, document):
        return document.last_imported_at


class Paragraphs(Sitemap):
    """Every public paragraph's page, as (document slug, number) rows in id order: 50,000 model instances with
    their documents would hold the whole page's text in memory."""

    limit = 50_000

    def items(self):
        return Paragraph.objects.public().order_by("id").values_list("document__slug", "number")

    def location(self, row):
        return reverse("declarations:paragraph_detail", args=row)


SITEMAPS = {
    "pages": Pages,
    "summits": Summits,
    "themes": Themes,
    "documents": Documents,
    "paragraphs": Paragraphs,
}
