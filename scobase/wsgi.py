"""The WSGI application (gunicorn scobase.wsgi:application), with the garbage collector set for serving.

A paragraph browser request allocates tens of thousands of short-lived objects (a search's 1,001 candidates,
template nodes' output), so CPython's collector ran five young collections a request and, every twenty
requests or so, a full collection that walked every object Django and the app had loaded: 50-65 ms at once,
about 4 ms a request on average (issue 7, measured with gc.callbacks at a million paragraphs). Once the app is
loaded, gc.freeze() moves what exists into a generation no collection walks (they live as long as the process),
and a higher first threshold lets a request's garbage go by reference counting before a collection looks:
about 1.5 ms a request, no full collections. Gunicorn's --preload also shares the frozen pages between workers.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

from scobase.timeouts import bound_web_requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scobase.settings")
application = get_wsgi_application()
bound_web_requests()  # a statement timeout on every connection this process opens (timeouts.py)

YOUNG_THRESHOLD = 10_000  # CPython's default is 700 allocations


def tune_garbage_collector():
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view module now, so they are frozen too)
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


tune_garbage_collector()
