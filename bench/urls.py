"""The product's URLs plus /__empty__: the floor of the server stack (gunicorn, middleware, no view work)."""

from django.http import HttpResponse
from django.urls import include, path


def empty(request):
    return HttpResponse(b"", content_type="text/plain")


urlpatterns = [
    path("__empty__", empty),
    path("", include("scobase.urls")),
]
