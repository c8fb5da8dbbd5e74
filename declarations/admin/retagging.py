"""The retag admin actions: apply the current rules to some paragraphs and tell staff what changed."""

from django.contrib import messages

from ..retag import Retagger


def retag(paragraphs):
    """Retag a queryset of paragraphs (read a chunk at a time, so a retag of the whole archive never holds every
    paragraph in memory); the result and how many paragraphs were read."""
    result = Retagger().retag(paragraphs)
    return result, result.paragraphs


def retag_and_report(model_admin, request, paragraphs):
    result, total = retag(paragraphs)
    model_admin.message_user(request, f"Retagged {total} paragraphs: {result.summary()}.", messages.SUCCESS)
    for warning in result.warnings:
        model_admin.message_user(request, warning, messages.WARNING)
    return result
