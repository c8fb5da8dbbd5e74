"""Issue 14, 3: behind the reverse proxy, failures from one address must not lock the account for others."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from scobase.settings import BASE_DIR

from .admin_forms import make_editor

PROXY = "127.0.0.1"  # what REMOTE_ADDR holds for every client behind nginx
ATTACKER, STAFF = "203.0.113.7", "198.51.100.20"


def settings_under(**env):
    """The lockout settings a deployment with this environment gets."""
    code = (
        "from django.conf import settings; "
        "print(settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # the shell first says what it imported


def test_the_trusted_proxy_header_and_count_come_from_the_environment():
    assert settings_under() == "('REMOTE_ADDR',) None"
    assert (
        settings_under(TRUSTED_PROXY_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXY_COUNT="0")
        == "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR') 0"
    )


@pytest.fixture
def behind_proxy(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the lockout is tested
    make_editor(password="the-right-password-123")
    return reverse("admin:login")


def log_in(client, login, client_address, password):
    return client.post(
        login,
        {"username": "editor", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.mark.django_db
def test_a_lockout_from_one_address_leaves_another_address_able_to_log_in(client, behind_proxy):
    statuses = [log_in(client, behind_proxy, ATTACKER, f"wrong-{i}").status_code for i in range(6)]
    assert statuses[-1] == 429  # the attacker's address is locked out
    assert log_in(client, behind_proxy, ATTACKER, "the-right-password-123").status_code == 429

    response = log_in(client, behind_proxy, STAFF, "the-right-password-123")
    assert response.status_code == 302 and response.url == reverse("admin:index")
    assert "_auth_user_id" in client.session
