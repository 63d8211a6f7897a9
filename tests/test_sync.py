"""The merging upload (interchange/sync): a preview first, exactly what changes, nothing else."""

import copy
import threading

import pytest
from django.db import connection

from pejling.interchange.documents import ImportRefused
from pejling.interchange.exporter import strategy_export
from pejling.interchange.sync import plan_sync_apply, plan_sync_preview
from pejling.plans.models import Indicator, Initiative, Strategy, Unit
from pejling.tracking.models import Measurement

RINGSTED = "ringsted-uddannelse-til-alle"


def _history_rows() -> int:
    from django.apps import apps
    return sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical"))


def _doc(slug):
    return strategy_export(strategy=Strategy.objects.get(slug=slug))


@pytest.mark.django_db
def test_reuploading_an_export_changes_nothing_in_any_demo_strategy(demo):
    assert len(demo) == 3
    for slug in demo:
        doc = _doc(slug)
        before, revision = _history_rows(), Strategy.objects.get(slug=slug).revision
        preview = plan_sync_preview(document=doc, source="x.json")
        assert [e for e in preview.entries] == [], (slug, preview.lines()[:5])
        assert preview.unchanged["initiative"] == Initiative.objects.filter(strategy__slug=slug).count()
        applied = plan_sync_apply(document=doc, source="x.json")
        assert applied.entries == []
        assert _history_rows() == before
        assert Strategy.objects.get(slug=slug).revision == revision
