"""Only the HTTP methods the site answers: GET and HEAD everywhere, POST where staff submit forms.

Function views answer any method, so without this TRACE, OPTIONS, PUT and DELETE on a public page were
served as if they were GET. The public pages take no form posts; the admin (login included) does.
"""

from django.http import HttpResponseNotAllowed
from django.urls import Resolver404, resolve

READ = ("GET", "HEAD")


class AllowedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in READ:
            return self.get_response(request)
        takes_posts = self.takes_posts(request)
        if request.method == "POST" and takes_posts:
            return self.get_response(request)
        return HttpResponseNotAllowed((*READ, "POST") if takes_posts else READ)

    @staticmethod
    def takes_posts(request):
        """Whether the path is one of the admin's (under whatever URLconf this request resolves with)."""
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
        return "admin" in match.namespaces
