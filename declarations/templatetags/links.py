"""{% link "declarations:summit_list" %}: the URL of one of the site's views that takes no arguments, reversed once
per script prefix and URLconf.

{% url %} reverses on every use (the namespace's resolver walk each time): the header and footer's thirteen
links cost about 1.1 ms of every page, against 0.4 ms this way (issue 7). Admin URLs keep {% url %}, whose current_app can pick an
instance namespace.
"""

from functools import lru_cache

from django import template
from django.urls import reverse

from ..paragraph_html import url_base

register = template.Library()


@lru_cache(maxsize=256)
def _reversed(name, script_prefix, urlconf):
    # reverse() reads the thread's script prefix and URLconf itself: they are in the key so that a request under
    # another prefix or URLconf gets its own URL.
    return reverse(name)


@register.simple_tag
def link(name):
    return _reversed(name, *url_base())
