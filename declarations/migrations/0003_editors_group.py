"""The "Editors" group: staff who curate content but cannot manage users, groups or permissions.

Permissions are normally created after all migrations (post_migrate), so they are created here first for the
apps involved; the migration is then complete on a fresh database as well as on an existing one.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
CONTENT_MODELS = [
    "state",
    "statealias",
    "summit",
    "participation",
    "statuschange",
    "theme",
    "document",
    "paragraph",
    "paragraphtheme",
    "rejectedtag",
]
ACTIONS = ["add", "change", "delete", "view"]
# History is written by django-reversion itself; editors only need to read it. Axes records (login attempts,
# lockouts) are for administrators: editors get nothing there.
EXTRA = [("reversion", "view_revision"), ("reversion", "view_version")]


def ensure_permissions(apps):
    for label in ("declarations", "reversion", "auth", "contenttypes"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_group(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model in CONTENT_MODELS for action in ACTIONS]
    wanted = list(Permission.objects.filter(content_type__app_label="declarations", codename__in=codenames))
    for app_label, codename in EXTRA:
        wanted += list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
    missing = len(codenames) + len(EXTRA) - len(wanted)
    if missing:
        raise RuntimeError(f"Editors group: {missing} permission(s) not found")
    group.permissions.add(*wanted)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0002_fulltext"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
