"""The site mounted under /archive/: a URLconf for tests of links that must follow it."""

from django.urls import include, path

urlpatterns = [path("archive/", include("declarations.urls"))]
