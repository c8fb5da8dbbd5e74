from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "SCO Declarations Archive: staff"
admin.site.site_title = "SCO archive staff"
admin.site.index_title = "Curate the archive"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("declarations.api.urls")),
    path("", include("declarations.urls")),
]

handler404 = "declarations.views.errors.page_not_found"
handler500 = "declarations.views.errors.server_error"
