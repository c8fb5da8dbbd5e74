from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "declarations"
    verbose_name = "SCO declarations"

    def ready(self):
        from . import signals  # noqa: F401  (connects the summary-count handlers)
