"""The staff admin: roles, login throttling, staff-edit marks, tags, split and merge, actions (query budgets at
10,000 paragraphs: test_admin_scale.py)."""

import pytest
from django.contrib.auth.models import User
from django.urls import NoReverseMatch, reverse

from declarations.models import Document, Paragraph, ParagraphTheme, RejectedTag, Theme
from declarations.retag import Retagger

from .admin_forms import editors_group, form_data, make_document, make_editor

pytestmark = pytest.mark.django_db

TEXTS = [
    "The member states condemn terrorism in all its forms. They will deepen cooperation against it.",
    "They call for a peaceful settlement in Afghanistan.",
    "They welcome the next summit.",
]


@pytest.fixture
def document():
    document = make_document("admin-test", TEXTS)
    Retagger().retag(document.paragraphs.all())
    return document


def change_url(obj):
    return reverse(f"admin:declarations_{obj._meta.model_name}_change", args=[obj.pk])


# Roles and safety ---------------------------------------------------------------------------------------------


def test_the_editors_group_can_edit_content_but_not_users_or_permissions():
    perms = set(editors_group().permissions.values_list("content_type__app_label", "codename"))
    for model in [
        "paragraph",
        "document",
        "theme",
        "summit",
        "participation",
        "paragraphtheme",
        "rejectedtag",
    ]:
        assert {("declarations", f"{a}_{model}") for a in ["add", "change", "delete", "view"]} <= perms
    assert not {p for p in perms if p[0] in {"auth", "axes", "contenttypes", "sessions"}}
    assert not {p for p in perms if p[1].startswith(("add_", "change_", "delete_")) and p[0] == "reversion"}


def test_an_editor_cannot_open_users_or_groups(client, editor):
    assert client.get(reverse("admin:declarations_paragraph_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_change", args=[editors_group().pk])).status_code == 403


def test_non_staff_users_never_reach_the_admin(client):
    user = User.objects.create_user("reader")  # force_login needs no password, and hashing one is slow
    client.force_login(user)
    for url in [reverse("admin:index"), reverse("admin:declarations_paragraph_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_the_sixth_wrong_password_locks_the_account_out(client, settings):
    # A fast hasher: eight logins with the real one take seconds, and this test is about the lockout.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_editor(password="the-right-password-123")
    login = reverse("admin:login")
    statuses = [
        client.post(login, {"username": "editor", "password": f"wrong-{i}"}).status_code for i in range(6)
    ]
    assert statuses[:4] == [200] * 4  # the login form again, with an error
    assert statuses[5] == 429
    right = client.post(login, {"username": "editor", "password": "the-right-password-123"})
    assert right.status_code == 429  # locked out: even the right password is refused
    assert "_auth_user_id" not in client.session


# Paragraph edits ----------------------------------------------------------------------------------------------


def test_editing_a_paragraphs_text_marks_it_staff_edited_and_the_html_is_sanitized(client, editor, document):
    paragraph = document.paragraphs.get(number=2)
    url = change_url(paragraph)
    data = form_data(client.get(url))
    data["text"] = (
        'They call for peace. <script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))'
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    paragraph.refresh_from_db()
    assert paragraph.staff_edited
    assert paragraph.text.startswith("They call for peace.")
    for dangerous in ["<script", "onerror", "javascript:", "<img"]:
        assert dangerous not in paragraph.html


def test_saving_a_paragraph_unchanged_does_not_mark_it(client, editor, document):
    paragraph = document.paragraphs.get(number=2)
    url = change_url(paragraph)
    assert client.post(url, form_data(client.get(url))).status_code == 302
    paragraph.refresh_from_db()
    assert not paragraph.staff_edited


def test_a_theme_added_inline_is_a_staff_tag_and_a_removed_rule_tag_is_rejected(client, editor, document):
    paragraph = document.paragraphs.get(number=1)
    rule_tag = paragraph.tags.get(theme__slug="terrorism")
    assert rule_tag.origin == "rule"
    health = Theme.objects.get(slug="health")
    url = change_url(paragraph)
    data = form_data(client.get(url))
    forms = int(data["tags-TOTAL_FORMS"])
    index = next(i for i in range(forms) if data[f"tags-{i}-id"] == str(rule_tag.pk))
    data[f"tags-{index}-DELETE"] = "on"
    data.update({f"tags-{forms}-theme": str(health.pk), f"tags-{forms}-paragraph": str(paragraph.pk)})
    data["tags-TOTAL_FORMS"] = str(forms + 1)
    response = client.post(url, data)
    assert response.status_code == 302
    assert paragraph.tags.get(theme=health).origin == "staff"
    assert not paragraph.tags.filter(theme__slug="terrorism").exists()
    assert RejectedTag.objects.filter(paragraph=paragraph, theme__slug="terrorism").exists()
    Retagger().retag([paragraph])
    assert not paragraph.tags.filter(theme__slug="terrorism").exists()
    assert paragraph.tags.filter(theme=health).exists()


def test_split_and_merge_pages_work_without_javascript(client, editor, document):
    paragraph = document.paragraphs.get(number=1)
    key = paragraph.key
    split_url = reverse("admin:declarations_paragraph_split", args=[paragraph.pk])
    page = client.get(split_url)
    assert page.status_code == 200 and b'type="radio"' in page.content
    position = page.context["form"].fields["position"].choices[0][0]
    assert client.post(split_url, {"position": position}).status_code == 302
    assert list(document.paragraphs.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert document.paragraphs.get(number=1).key == key
    bad = client.post(split_url, {"position": "not-a-number"})
    assert bad.status_code == 200 and bad.context["form"].errors
    merge_url = reverse("admin:declarations_paragraph_merge", args=[paragraph.pk])
    assert client.get(merge_url).status_code == 200
    assert client.post(merge_url).status_code == 302
    assert document.paragraphs.get(number=1).text == TEXTS[0]
    assert list(document.paragraphs.values_list("number", flat=True)) == [1, 2, 3]
    last = document.paragraphs.get(number=3)
    response = client.post(reverse("admin:declarations_paragraph_merge", args=[last.pk]))
    assert response.status_code == 200 and b"nothing to merge" in response.content


def test_the_document_page_edits_adds_and_deletes_paragraphs_in_reading_order(client, editor, document):
    url = change_url(document)
    page = client.get(url)
    assert [f.instance.number for f in page.context["inline_admin_formsets"][0].formset.forms] == [1, 2, 3]
    keys = dict(document.paragraphs.values_list("number", "key"))
    data = form_data(page)
    data["paragraphs-1-text"] = "Edited inline."
    data["paragraphs-0-DELETE"] = "on"
    data.update({"paragraphs-3-text": "Added after the second.", "paragraphs-3-insert_after": "2"})
    data["paragraphs-TOTAL_FORMS"] = "4"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    rows = list(document.paragraphs.order_by("number").values_list("number", "key", "text", "staff_edited"))
    assert [r[0] for r in rows] == [1, 2, 3]
    assert rows[0][1:] == (keys[2], "Edited inline.", True)
    assert rows[1][2:] == ("Added after the second.", True)
    assert rows[2][1:] == (keys[3], TEXTS[2], False)


def test_provenance_is_read_only_on_the_document_page(client, editor, document):
    Document.objects.filter(pk=document.pk).update(checksum="abc", seed_file="x.txt")
    url = change_url(document)
    data = form_data(client.get(url))
    data.update({"checksum": "forged", "seed_file": "forged.txt", "title": "Retitled"})
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert (document.title, document.checksum, document.seed_file) == ("Retitled", "abc", "x.txt")


def test_unpublishing_a_document_in_the_admin_hides_its_paragraphs_from_the_public(client, editor, document):
    url = change_url(document)
    data = form_data(client.get(url))
    data.pop("published")
    assert client.post(url, data).status_code == 302
    assert not Paragraph.objects.public().filter(document=document).exists()
    assert not Document.objects.public().filter(pk=document.pk).exists()
    client.logout()
    try:
        public_urls = [reverse("declarations:paragraph_list"), reverse("declarations:home")]
    except NoReverseMatch:
        public_urls = [reverse("declarations:home")]
    for public in public_urls:
        body = client.get(public, {"q": "Afghanistan"}).content.decode()
        assert "admin-test" not in body and TEXTS[1] not in body


# Themes -------------------------------------------------------------------------------------------------------


def test_invalid_rules_are_a_form_error_with_the_line(client, editor):
    theme = Theme.objects.get(slug="health")
    url = change_url(theme)
    data = form_data(client.get(url))
    data["rules"] = 'pandemic*\n"unbalanced'
    response = client.post(url, data)
    assert response.status_code == 200
    assert "line 2: unbalanced quotes" in str(response.context["adminform"].form.errors["rules"])


def test_the_theme_changelist_shows_paragraph_counts(client, editor, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:declarations_theme_changelist"))
    counts = {t.slug: t.paragraph_total for t in response.context["cl"].result_list}
    assert counts["terrorism"] == ParagraphTheme.objects.filter(theme__slug="terrorism").count() > 0


def test_the_theme_retag_action_reports_what_changed(client, editor, document):
    theme = Theme.objects.get(slug="afghanistan")
    ParagraphTheme.objects.filter(theme=theme, paragraph__document=document).delete()
    url = reverse("admin:declarations_theme_changelist")
    response = client.post(url, {"action": "retag_everything", "_selected_action": [theme.pk]}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Retagged ") and "tags added" in m for m in messages)
    assert any("Afghanistan" in m and "→" in m for m in messages)
    assert document.paragraphs.get(number=2).tags.filter(theme=theme, origin="rule").exists()


def test_bulk_actions_add_and_remove_a_theme(client, editor, document):
    url = reverse("admin:declarations_paragraph_changelist")
    health = Theme.objects.get(slug="health")
    ids = list(document.paragraphs.values_list("pk", flat=True))
    response = client.post(
        url, {"action": "add_theme", "_selected_action": ids, "theme": health.pk, "index": 0}, follow=True
    )
    assert "added to 3 paragraphs" in " ".join(str(m) for m in response.context["messages"])
    assert ParagraphTheme.objects.filter(paragraph_id__in=ids, theme=health, origin="staff").count() == 3
    client.post(url, {"action": "remove_theme", "_selected_action": ids[:1], "theme": health.pk, "index": 0})
    assert ParagraphTheme.objects.filter(paragraph_id__in=ids, theme=health).count() == 2
    assert RejectedTag.objects.filter(paragraph_id=ids[0], theme=health).exists()
    response = client.post(url, {"action": "add_theme", "_selected_action": ids, "index": 0}, follow=True)
    assert "Choose a theme" in " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize(
    "query",
    [
        "theme=abc",
        "document=x",
        "origin=zzz",
        "summit__id__exact=abc",
        "theme=999999&origin=rule",
        "q=%00",
        "o=99",
    ],
)
def test_odd_changelist_parameters_never_cause_a_server_error(client, editor, query):
    response = client.get(f"{reverse('admin:declarations_paragraph_changelist')}?{query}")
    assert response.status_code in (200, 302)
