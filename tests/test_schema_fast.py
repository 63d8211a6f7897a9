"""The compiled schema validator may only skip the full walk when the full walk would find nothing:
for every document the full walk refuses it must say "invalid" too, and it must accept what the
full walk accepts (the demo's exports)."""

import copy

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator

from pejling.interchange.documents import load_schema
from pejling.interchange.exporter import strategy_export
from pejling.interchange.validation.schema_messages import schema_errors
from pejling.plans.models import Strategy

FULL = Draft202012Validator(load_schema())
FAST = jsonschema_rs.validator_for(load_schema())


def variants(doc):
    """The export with one thing wrong each: types, enums, unknown fields, missing fields, big numbers."""
    s = doc["strategy"]
    ind = s["initiatives"][0]["indicators"][0] if s["initiatives"][0].get("indicators") else None
    changes = [
        lambda d: d["strategy"].update(title=7),
        lambda d: d["strategy"].update(unknown_field="x"),
        lambda d: d["strategy"].pop("title"),
        lambda d: d["strategy"]["initiatives"][0].update(code=None),
        lambda d: d["strategy"]["initiatives"][0].update(state="halvvejs"),
        lambda d: d["strategy"].update(initiatives={"a": 1}),
        lambda d: d.update(format_version="99"),
    ]
    if ind is not None:
        changes += [
            lambda d: d["strategy"]["initiatives"][0]["indicators"][0].update(decimals=2.5),
            lambda d: d["strategy"]["initiatives"][0]["indicators"][0].update(direction="sidelæns"),
            lambda d: d["strategy"]["initiatives"][0]["indicators"][0].update(glide_path={"kind": "relative"}),
            lambda d: d["strategy"]["initiatives"][0]["indicators"][0].update(decimals=10**40),
            lambda d: d["strategy"]["initiatives"][0]["indicators"][0].update(measurements=[{"value": "7,2"}]),
            lambda d: d["strategy"]["initiatives"][0]["indicators"][0].update(measurements=[{"period": 2019,
                                                                                              "value": True}]),
        ]
    for change in changes:
        d = copy.deepcopy(doc)
        change(d)
        yield d


@pytest.mark.parametrize("slug", ["ringsted-uddannelse-til-alle-unge", "holstebro-partnerskab-ungestrategier",
                                  "stevns-boerne-og-ungepolitik"])
def test_the_fast_validator_agrees_with_the_full_walk(demo, slug):
    doc = strategy_export(strategy=Strategy.objects.get(slug=slug))
    assert FAST.is_valid(doc) and not list(FULL.iter_errors(doc))
    refused = 0
    for bad in variants(doc):
        if list(FULL.iter_errors(bad)):
            refused += 1
            try:
                assert not FAST.is_valid(bad)
            except (ValueError, OverflowError):
                pass  # it cannot take the document: schema_errors then walks it fully
            assert schema_errors(bad)  # and the messages come from the full walk
    assert refused >= 7
