from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from . import converters, entry, goals, measurement_upload, pages, plan_pages, report_pages

register_converter(converters.InitiativeCode, "code")

app_name = "web"
urlpatterns = [
    path("", pages.front, name="front"),
    path("sprog/<str:code>/", pages.language, name="language"),
    path("", include("pejling.web.urls_accounts")),
    path("", include("pejling.web.urls_history")),
    path("konto/log-ind/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("konto/log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("ny-strategi/", plan_pages.strategy_create, name="strategy-create"),
    path("o/<slug:org>/enheder/", plan_pages.units, name="units"),
    path("o/<slug:org>/enheder/<int:pk>/", plan_pages.units, name="unit"),
    path("s/<slug:slug>/", pages.strategy_detail, name="strategy"),
    path("s/<slug:slug>/rediger/", plan_pages.strategy_edit, name="strategy-edit"),
    path("s/<slug:slug>/importer/maalinger/", measurement_upload.measurement_upload, name="measurement-upload"),
    path("s/<slug:slug>/maal/<slug:key>/", goals.goal_detail, name="goal"),
    path("s/<slug:slug>/maal/<slug:key>/maaling/", goals.goal_entry, name="goal-entry"),
    path("s/<slug:slug>/maal/<slug:key>/vurdering/", goals.goal_assessment, name="goal-assessment"),
    path("s/<slug:slug>/rapport/", report_pages.live_report, name="report"),
    path("s/<slug:slug>/rapport.<str:fmt>", report_pages.live_report, name="report-file"),
    path("s/<slug:slug>/rapporter/", report_pages.reports, name="reports"),
    path("s/<slug:slug>/rapporter/udgiv/", report_pages.publish, name="publish"),
    path("s/<slug:slug>/rapporter/tekster/", plan_pages.report_texts_edit, name="report-texts"),
    path("rapporter/<int:pk>/", report_pages.published, name="published"),
    path("rapporter/<int:pk>.<str:fmt>", report_pages.published, name="published-file"),
    path("s/<slug:slug>/rediger/omraade/ny/", plan_pages.focus_area_edit, name="focus-area-create"),
    path("s/<slug:slug>/rediger/omraade/<int:pk>/", plan_pages.focus_area_edit, name="focus-area-edit"),
    path("s/<slug:slug>/rediger/indsats/ny/", plan_pages.initiative_edit, name="initiative-create"),
    # The longest routes first: an initiative code may contain slashes and dots, and <code:code> is greedy.
    path("s/<slug:slug>/i/<code:code>/indikator/<slug:key>/", entry.indicator_entry, name="indicator-entry"),
    path("s/<slug:slug>/i/<code:code>/indikator/<slug:key>/vurdering/", entry.indicator_assessment_entry,
         name="indicator-assessment"),
    path("s/<slug:slug>/i/<code:code>/status/", entry.status_note_entry, name="status-note-entry"),
    path("s/<slug:slug>/i/<code:code>/vurdering/", entry.assessment_entry, name="assessment-entry"),
    path("s/<slug:slug>/i/<code:code>/ny-indikator/", plan_pages.indicator_edit, name="indicator-create"),
    path("s/<slug:slug>/i/<code:code>/indikator/<slug:key>/rediger/", plan_pages.indicator_edit,
         name="indicator-edit"),
    path("s/<slug:slug>/i/<code:code>/rediger/", plan_pages.initiative_edit, name="initiative-edit"),
    path("s/<slug:slug>/i/<code:code>/", pages.initiative_detail, name="initiative"),
]
