from django.contrib.auth import views as auth_views
from django.urls import path

from . import entry, pages

app_name = "web"
urlpatterns = [
    path("", pages.front, name="front"),
    path("sprog/<str:code>/", pages.language, name="language"),
    path("konto/log-ind/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("konto/log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("s/<slug:slug>/", pages.strategy_detail, name="strategy"),
    # Entry routes first: an initiative code may contain slashes and dots.
    path("s/<slug:slug>/i/<path:code>/indikator/<slug:key>/", entry.indicator_entry, name="indicator-entry"),
    path("s/<slug:slug>/i/<path:code>/status/", entry.status_note_entry, name="status-note-entry"),
    path("s/<slug:slug>/i/<path:code>/vurdering/", entry.assessment_entry, name="assessment-entry"),
    path("s/<slug:slug>/i/<path:code>/", pages.initiative_detail, name="initiative"),
]
