"""{% link %} (declarations/templatetags/links.py): the URLs {% url %} gives, under every script prefix and URLconf,
though each is reversed once."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

NAMES = [
    "declarations:home",
    "declarations:summit_list",
    "declarations:document_list",
    "declarations:paragraph_list",
    "declarations:theme_list",
    "declarations:state_list",
    "declarations:compare",
]


def link(name):
    return Template("{% load links %}{% link name %}").render(Context({"name": name}))


@pytest.mark.parametrize("name", NAMES)
def test_a_link_is_the_url_tag_s_url(name):
    assert link(name) == Template(f"{{% url '{name}' %}}").render(Context()) == reverse(name)


def test_links_follow_the_script_prefix():
    assert link("declarations:summit_list") == "/summits/"
    set_script_prefix("/archive/")
    try:
        assert link("declarations:summit_list") == "/archive/summits/"
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    assert link("declarations:summit_list") == "/summits/"


def test_links_follow_the_urlconf():
    assert link("declarations:paragraph_list") == "/paragraphs/"
    with override_settings(ROOT_URLCONF="tests.urls_under_archive"):
        assert link("declarations:paragraph_list") == "/archive/paragraphs/"
    assert link("declarations:paragraph_list") == "/paragraphs/"


def test_a_link_is_escaped_like_any_tag_output():
    rendered = Template("{% load links %}<a href=\"{% link 'declarations:home' %}\">").render(Context())
    assert rendered == '<a href="/">'
