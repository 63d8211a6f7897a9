from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from pejling.plans.permissions import can_use_admin

admin.site.site_header = "Pejling"
admin.site.site_title = "Pejling"
admin.site.index_title = "Administration"
# The admin sees every organisation's data, so only the operators (superusers) may use it.
admin.site.has_permission = lambda request: request.user.is_active and can_use_admin(request.user)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("pejling.web.urls")),
]
if settings.OIDC_ENABLED:  # single sign-on: /oidc/authenticate/ and /oidc/callback/
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))
