"""Reads of the plan alone, each in a constant number of queries. Reads that join the plan
with measurements, notes or assessments live in pejling.tracking.selectors."""

from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from .models import FocusArea, Organisation, Strategy, Unit


def organisation_list(*, strategies: Q | None = None, organisations: Q | None = None):
    """Organisations with those of their strategies that `strategies` lets through. `organisations`
    chooses the organisations; without it, those that have such strategies."""
    allowed = Strategy.objects.filter(strategies or Q())
    orgs = Organisation.objects.filter(organisations) if organisations is not None else \
        Organisation.objects.filter(id__in=allowed.values("organisation_id"))
    return orgs.prefetch_related(
        Prefetch("strategies", queryset=allowed.annotate(
            initiative_count=Count("initiatives", distinct=True),
            indicator_count=Count("indicators", distinct=True)))
    ).order_by("name")


def organisation_count(*, strategies: Q) -> int:
    """How many organisations have strategies that `strategies` lets through."""
    return Strategy.objects.filter(strategies).order_by().values("organisation_id").distinct().count()


def strategy_get(*, slug: str) -> Strategy:
    # The focus areas in their own order: the default ordering would join strategy and organisation to sort
    return get_object_or_404(
        Strategy.objects.select_related("organisation").prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order"))),
        slug=slug,
    )


def strategy_revision(*, slug: str) -> tuple[int, int] | None:
    """The id and revision of the strategy with this slug; None when there is none. Asked before every
    page of a strategy (is the kept copy current?), so written as one line of SQL: the ORM took twice
    as long to build this query as the database took to answer it."""
    table, slug_column = Strategy._meta.db_table, Strategy._meta.get_field("slug").column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, revision FROM {connection.ops.quote_name(table)} "  # noqa: S608 - names of ours
                       f"WHERE {connection.ops.quote_name(slug_column)} = %s", [slug])
        return cursor.fetchone()


def table_import_context(*, organisation: str, strategy: str) -> dict:
    """What a project table read into an existing organisation or strategy keeps: the organisation's
    name and unit names, the strategy's title ("" when they do not exist yet)."""
    org = Organisation.objects.filter(slug=organisation).values_list("name", flat=True).first()
    title = Strategy.objects.filter(slug=strategy).values_list("title", flat=True).first()
    units = list(Unit.objects.filter(organisation__slug=organisation).order_by("name").values_list("name", flat=True))
    return {"organisation_name": org or "", "strategy_title": title or "", "units": units}
