"""Helpers for admin tests: editors, and the POST data an admin change page would submit unchanged."""

import datetime
import importlib

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.urls import reverse

from declarations.models import Document, Paragraph, Summit


def editors_group():
    """The group migration 0003 creates; a live-server test's flush empties auth tables, so rebuild it the same way."""
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        importlib.import_module("declarations.migrations.0003_editors_group").create_group(apps, None)
        importlib.import_module("declarations.migrations.0012_imp_import_texts").grant_import(apps, None)
        group = Group.objects.get(name="Editors")
    return group


def make_editor(username="editor", password=None):
    """A staff member of the Editors group. Without a password it can only be logged in with force_login: hashing
    one costs a fraction of a second in every test, and most tests never type it."""
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(editors_group())
    return user


def form_data(response):
    """Every field of the change form and its inline formsets, as the browser would post them untouched."""
    context = response.context
    forms = [context["adminform"].form]
    data = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        existing = [f for f in formset.forms if f.instance.pk]
        forms += existing
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(existing))
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(len(existing))
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            if isinstance(value, list | tuple):
                data[form[name].html_name] = [str(v) for v in value]
            elif isinstance(value, datetime.date):
                data[form[name].html_name] = value.isoformat()
            else:
                data[form[name].html_name] = str(value)
    return data


def make_document(slug, texts, **fields):
    summit = fields.pop("summit", None) or Summit.objects.order_by("start_date").first()
    document = Document.objects.create(
        summit=summit, slug=slug, title=fields.pop("title", slug), date=datetime.date(2013, 9, 13), **fields
    )
    for number, text in enumerate(texts, 1):
        Paragraph.objects.create(document=document, number=number, text=text, source_text=text)
    return document


def edit_in_admin(client, paragraph, text, add_theme=None):
    """Post the paragraph's admin change form with new text (and one more theme), as an editor would."""
    url = reverse("admin:declarations_paragraph_change", args=[paragraph.pk])
    data = form_data(client.get(url))
    data["text"] = text
    if add_theme is not None:
        n = int(data["tags-TOTAL_FORMS"])
        data.update({f"tags-{n}-theme": str(add_theme.pk), f"tags-{n}-paragraph": str(paragraph.pk)})
        data["tags-TOTAL_FORMS"] = str(n + 1)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    paragraph.refresh_from_db()
    return paragraph
