"""An upload handler that stops storing a file once it passes the import limit.

Django's own handlers would receive a 50 MB upload whole (into a temporary file) before the import page could
look at its size. This one, first in FILE_UPLOAD_HANDLERS, drops the rest of a file past MAX_BYTES (SkipFile: not
written anywhere) and notes its name on the request, so the page refuses it by name. No other page takes files.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from .importing.text import MAX_BYTES


class TextUploadLimit(FileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_BYTES:
            if self.request is not None:
                self.request.oversized_uploads = [
                    *getattr(self.request, "oversized_uploads", []),
                    self.file_name,
                ]
            raise SkipFile
        return raw_data  # the next handler stores it

    def file_complete(self, file_size):
        return None  # the next handler makes the file
