from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Pejling"
admin.site.site_title = "Pejling"
admin.site.index_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("pejling.web.urls")),
]
