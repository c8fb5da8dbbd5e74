"""The public URL contract: these paths are cited by researchers and must keep working."""

from django.urls import path

from .views import home

app_name = "declarations"

urlpatterns = [
    path("", home.home, name="home"),
]
