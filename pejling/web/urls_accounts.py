"""Addresses for organisations, users and roles (governance)."""

urlpatterns: list = []
