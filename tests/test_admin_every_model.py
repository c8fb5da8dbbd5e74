"""The admin lists every model of the archive, and each changelist opens for a superuser."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_declarations_model_is_registered():
    missing = [
        m.__name__ for m in apps.get_app_config("declarations").get_models() if m not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.parametrize(
    "model", list(apps.get_app_config("declarations").get_models()), ids=lambda m: m.__name__
)
def test_each_changelist_opens(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
