"""Addresses for history (Historik), restoring earlier versions and deleting entries."""

urlpatterns: list = []
