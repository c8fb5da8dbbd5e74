"""Issue 14, 11: only GET and HEAD on the public pages (POST in the admin), and a login that lands somewhere."""

import pytest
from django.urls import reverse

PUBLIC = ["/", "/summits/", "/documents/", "/paragraphs/", "/themes/", "/states/", "/compare/"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "DELETE", "PATCH", "POST"])
@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_answer_only_get_and_head(client, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_still_answer_head(client, path):
    assert client.head(path).status_code == 200


@pytest.mark.django_db
def test_the_admin_takes_posts_but_not_trace(client):
    login = reverse("admin:login")
    assert client.post(login, {"username": "nobody", "password": "x"}).status_code == 200  # the form again
    response = client.generic("TRACE", login)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, POST"


@pytest.mark.django_db
def test_a_login_with_an_unsafe_next_lands_on_the_admin_index(client, settings):
    from .admin_forms import make_editor

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_editor(password="the-right-password-123")
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {"username": "editor", "password": "the-right-password-123", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.get(response.url).status_code == 200
