"""Reads of the plan alone, each in a constant number of queries. Reads that join the plan
with measurements, notes or assessments live in pejling.tracking.selectors."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from .models import Organisation, Strategy


def organisation_list():
    return Organisation.objects.prefetch_related(
        Prefetch("strategies", queryset=Strategy.objects.annotate(
            initiative_count=Count("initiatives", distinct=True),
            indicator_count=Count("indicators", distinct=True)))
    ).order_by("name")


def strategy_get(*, slug: str) -> Strategy:
    return get_object_or_404(
        Strategy.objects.select_related("organisation").prefetch_related("focus_areas"),
        slug=slug,
    )
