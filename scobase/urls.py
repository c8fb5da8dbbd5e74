from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page

from declarations.sitemaps import SITEMAPS
from declarations.views.opendata import robots_txt

admin.site.site_header = "SCO Declarations Archive: staff"
admin.site.site_title = "SCO archive staff"
admin.site.index_title = "Curate the archive"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("declarations.api.urls")),
    path("", include("declarations.urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    # A day's cache: the paragraph sections are 50,000 URLs each, and crawlers come back often.
    path("sitemap.xml", cache_page(86400)(sitemap_views.index), {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        cache_page(86400)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

handler404 = "declarations.views.errors.page_not_found"
handler500 = "declarations.views.errors.server_error"
