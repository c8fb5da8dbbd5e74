import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session", autouse=True)
def unbounded_queries():
    """The suite is not a serving process: a test module that imports scobase.wsgi (for its application) must not
    put the serving process's time bounds (scobase/timeouts.py) on every test's queries."""
    from scobase.timeouts import unbound_web_requests

    unbound_web_requests()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the reference data, the taxonomy and the three seed texts."""
    with django_db_blocker.unblock():
        call_command("import_seeds", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the kept comparisons, checkbox groups and citations live there)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def editor(client):
    """A member of the Editors group, logged in on the test client."""
    from .admin_forms import make_editor

    user = make_editor()
    client.force_login(user)
    return user


@pytest.fixture
def seeds_dir():
    return Path(settings.SEEDS_DIR)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, driven by Playwright; no browser download, no network but loopback."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--disable-background-networking",
                "--disable-component-update",
                "--no-sandbox",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def committed_seeds(transactional_db):
    """For tests whose writes other connections must see (threads, processes, pg_dump): the seeds, imported anew
    if an earlier such test ended with the flush that removes them."""
    from io import StringIO

    from declarations.models import Summit

    if not Summit.objects.exists():
        call_command("import_seeds", verbosity=0, stdout=StringIO())


@pytest.fixture
def seeded_live_server(live_server, transactional_db):
    """live_server's tests run outside a rolled-back transaction and end with a flush: import the seeds anew."""
    from declarations.models import Summit

    if not Summit.objects.exists():
        call_command("import_seeds", verbosity=0)
    return live_server


@pytest.fixture
def page(chromium, seeded_live_server):
    live_server = seeded_live_server
    """A fresh browser page; any request that would leave 127.0.0.1 is blocked and fails the test."""
    context = chromium.new_context(base_url=live_server.url)
    escaped = []

    def guard(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            escaped.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    yield page
    context.close()
    assert not escaped, f"requests left 127.0.0.1: {escaped}"
