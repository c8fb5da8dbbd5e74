"""The admin base class: django-reversion history with a baseline before the first staff edit."""

import re

from django.contrib.admin.utils import unquote
from django.forms.models import _get_foreign_key
from reversion.admin import VersionAdmin

from .versioning import record_baseline


class ArchiveAdmin(VersionAdmin):
    """History and revert for every content model; the change comment lists what changed (Django's log message)."""

    history_latest_first = True

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self.baseline(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action") and self.action_changes_rows:
            pks = request.POST.getlist("_selected_action")
            if pks and request.POST.get("select_across") != "1":
                record_baseline(self.model, pks)
        return super().changelist_view(request, extra_context)

    # Actions on this changelist that write the selected rows themselves (others leave them alone).
    action_changes_rows = False

    def baseline(self, request, object_id):
        """Version the object and the inline rows this POST edits, if they have never been versioned."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return
        record_baseline(self.model, [obj.pk])
        for inline in self.get_inline_instances(request, obj):
            fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            prefix = fk.remote_field.get_accessor_name(model=inline.model).replace("+", "")
            pattern = re.compile(rf"{re.escape(prefix)}-\d+-id")
            pks = [v for k, v in request.POST.items() if pattern.fullmatch(k) and v.isdigit()]
            if pks:
                record_baseline(inline.model, pks)
