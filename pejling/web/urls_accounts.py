"""Addresses for organisations, users and roles (governance)."""

from django.urls import path

from . import accounts

urlpatterns: list = [
    path("organisationer/ny/", accounts.organisation_create, name="organisation-create"),
    path("o/<slug:org>/brugere/", accounts.members, name="members"),
    path("o/<slug:org>/brugere/<int:pk>/", accounts.member, name="member"),
    path("o/<slug:org>/brugere/<int:pk>/aktiv/", accounts.member_active, name="member-active"),
    path("s/<slug:slug>/offentlig/", accounts.strategy_published, name="strategy-published"),
    path("konto/adgangskode/<uidb64>/<token>/", accounts.password_set, name="password-set"),
    path("konto/adgangskode/faerdig/", accounts.password_set_done, name="password-set-done"),
]
