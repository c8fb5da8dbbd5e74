"""The public URL contract: these paths are cited by researchers and must keep working."""

from django.urls import path, re_path

from . import feeds
from .views import (
    cite,
    compare,
    documents,
    exports,
    home,
    methodology,
    opendata,
    paragraphs,
    states,
    summits,
    themes,
)

app_name = "declarations"

urlpatterns = [
    path("", home.home, name="home"),
    path("summits/", summits.summit_list, name="summit_list"),
    path("summits/<slug:slug>/", summits.summit_detail, name="summit_detail"),
    path("documents/", documents.document_list, name="document_list"),
    path("documents/<slug:slug>/", documents.document_detail, name="document_detail"),
    path("documents/<slug:slug>/cite.<str:fmt>", cite.document_cite, name="document_cite"),
    path("documents/<slug:slug>/<int:number>/", paragraphs.paragraph_detail, name="paragraph_detail"),
    path("p/<slug:key>/", paragraphs.paragraph_by_key, name="paragraph_by_key"),
    path("p/<slug:key>/cite.<str:fmt>", cite.paragraph_cite, name="paragraph_cite"),
    path("paragraphs/", paragraphs.paragraph_list, name="paragraph_list"),
    path("states/", states.state_list, name="state_list"),
    path("states/<slug:slug>/", states.state_detail, name="state_detail"),
    # Themes and comparison pages (views/themes.py, views/compare.py)
    path("themes/", themes.theme_list, name="theme_list"),
    path("themes/<slug:slug>/", themes.theme_detail, name="theme_detail"),
    path("compare/", compare.compare, name="compare"),
    path("methodology/", methodology.methodology, name="methodology"),
    # Open data (issue 15): the data users' page, the bulk dataset's files, Atom feeds of new documents
    re_path(r"^paragraphs/export\.(?P<fmt>csv|json)$", exports.paragraph_export, name="paragraph_export"),
    re_path(r"^documents/export\.(?P<fmt>csv|json)$", exports.document_export, name="document_export"),
    path("data/", opendata.data, name="data"),
    path("data/<str:name>", opendata.dataset_file, name="dataset_file"),
    path("feed/", feeds.NewDocuments(), name="feed"),
    path("summits/<slug:slug>/feed/", feeds.SummitNewDocuments(), name="summit_feed"),
    path("themes/<slug:slug>/feed/", feeds.ThemeNewDocuments(), name="theme_feed"),
]
