"""Every API error is JSON. A rejected parameter answers 400 with each field and its problem:
{"detail": "Invalid parameters.", "errors": [{"field": "year_to", "problem": "..."}]}."""

from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def problems(detail, field=None):
    """Flatten DRF's nested error detail ({"field": ["problem", ...]}) into [{"field", "problem"}] pairs."""
    if isinstance(detail, dict):
        return [pair for name, value in detail.items() for pair in problems(value, name)]
    if isinstance(detail, list):
        return [pair for value in detail for pair in problems(value, field)]
    return [
        {"field": None if field in (None, "non_field_errors", "__all__") else field, "problem": str(detail)}
    ]


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        response.data = {"detail": "Invalid parameters.", "errors": problems(exc.detail)}
    return response
