"""Only the HTTP methods the site answers: GET and HEAD everywhere, POST where staff submit forms.

Function views answer any method, so without this TRACE, OPTIONS, PUT and DELETE on a public page were
served as if they were GET. The public pages take no form posts; the admin (login included) does.
"""

from django.http import HttpResponseNotAllowed
from django.urls import reverse

READ = ("GET", "HEAD")


class AllowedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        allowed = (*READ, "POST") if self.takes_posts(request.path_info) else READ
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return self.get_response(request)

    def takes_posts(self, path):
        if self.admin_prefix is None:  # reversed on first use: the URLconf is not loaded at startup
            self.admin_prefix = reverse("admin:index")
        return path.startswith(self.admin_prefix)
