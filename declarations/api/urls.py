"""/api/v1/: the versioned contract. /api/schema/ is its OpenAPI 3 description, /api/docs/ the page for it."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import paragraphs, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("summits", views.SummitViewSet, basename="summit")
router.register("states", views.StateViewSet, basename="state")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("paragraphs", paragraphs.ParagraphViewSet, basename="paragraph")

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
