"""The public URL contract: these paths are cited by researchers and must keep working."""

from django.urls import path

from .views import home, themes

app_name = "declarations"

urlpatterns = [
    path("", home.home, name="home"),
    # Themes and comparison pages (views/themes.py, views/compare.py)
    path("themes/", themes.theme_list, name="theme_list"),
    path("themes/<slug:slug>/", themes.theme_detail, name="theme_detail"),
]
