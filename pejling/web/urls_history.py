"""Addresses for history (Historik), restoring earlier versions, deleting entries and plan objects, baselines
and reference series."""

from django.urls import path

from . import data_pages, history_pages, references

urlpatterns: list = [
    path("s/<slug:slug>/i/<code:code>/historik/", history_pages.initiative_history, name="initiative-history"),
    path("s/<slug:slug>/historik/indikator/<slug:key>/", history_pages.indicator_history, name="indicator-history"),
    path("s/<slug:slug>/historik/gendan/<str:kind>/<int:history_id>/", history_pages.history_restore,
         name="history-restore"),
    path("s/<slug:slug>/slet/<str:kind>/<int:pk>/", history_pages.entry_delete, name="entry-delete"),
    path("s/<slug:slug>/historik/slettet/", data_pages.deleted, name="deleted"),
    path("s/<slug:slug>/baseline/<int:pk>/", data_pages.measurement_baseline, name="measurement-baseline"),
    path("s/<slug:slug>/slet-indikator/<slug:key>/", data_pages.indicator_delete, name="indicator-delete"),
    path("s/<slug:slug>/i/<code:code>/slet/", data_pages.initiative_delete, name="initiative-delete"),
    path("s/<slug:slug>/referencer/<slug:key>/", references.references, name="references"),
    path("s/<slug:slug>/referencer/<slug:key>/ny/", references.reference_edit, name="reference-create"),
    path("s/<slug:slug>/referencer/<slug:key>/<int:pk>/", references.reference_edit, name="reference-edit"),
    path("s/<slug:slug>/referencer/<slug:key>/<int:pk>/slet/", references.reference_delete, name="reference-delete"),
]
