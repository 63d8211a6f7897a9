"""Addresses for history (Historik), restoring earlier versions and deleting entries."""

from django.urls import path

from . import history_pages

urlpatterns: list = [
    path("s/<slug:slug>/i/<code:code>/historik/", history_pages.initiative_history, name="initiative-history"),
    path("s/<slug:slug>/historik/indikator/<slug:key>/", history_pages.indicator_history, name="indicator-history"),
    path("s/<slug:slug>/historik/gendan/<str:kind>/<int:history_id>/", history_pages.history_restore,
         name="history-restore"),
    path("s/<slug:slug>/slet/<str:kind>/<int:pk>/", history_pages.entry_delete, name="entry-delete"),
]
