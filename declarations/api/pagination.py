"""Cursor pagination for the lists: a page costs the same at any depth (an indexed WHERE, never an OFFSET
that reads every row before it), and the cursor is opaque, so the order can't be tampered with."""

from rest_framework.pagination import CursorPagination


class ByPosition(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["results"]
        return response


class SummitsInDateOrder(ByPosition):
    ordering = ("start_date", "id")  # summit dates are unique in practice; the id settles any tie


class StatesByName(ByPosition):
    ordering = ("short_name", "id")


class ThemesInTaxonomyOrder(ByPosition):
    ordering = ("position", "id")


class DocumentsInDateOrder(ByPosition):
    ordering = ("date", "id")  # the (date) index: document_date_idx
