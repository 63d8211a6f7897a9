"""A small strategy of its own for the bulk-measurement tests (the demo data may be present too)."""

from pejling.interchange.importer import strategy_import

SLUG = "bulk-test-strategi"
ORG = "bulk-test-kommune"

DOCUMENT = {
    "format": "pejling-strategy", "version": 1,
    "organisation": {"slug": ORG, "name": "Bulktest Kommune",
                     "units": [{"name": "Skolecenter", "kind": "Center"}, {"name": "Børnecenter", "kind": "Center"}]},
    "strategy": {
        "slug": SLUG, "title": "Bulktest", "starts_on": "2019-01-01", "ends_on": "2030-12-31",
        "indicators": [{"key": "bt-goal", "name": "Strategiens mål", "unit": "%"}],
        "scales": [{"key": "pos", "name": "Position", "levels": [
            {"code": "roed", "label": "Rød position"}, {"code": "gul", "label": "Gul position"},
            {"code": "groen", "label": "Grøn position"}]}],
        "initiatives": [
            {"code": "1", "title": "Skolens indsats", "units": [{"unit": "Skolecenter", "role": "lead"}],
             "indicators": [
                 {"key": "bt-neet", "name": "Andel uden uddannelse", "unit": "%", "decimals": 1,
                  "measurements": [{"period": "2019", "value": 7.2, "breakdown": "Nydanske"}]},
                 {"key": "bt-antal", "name": "Antal elever", "unit": "elever"},
                 {"key": "bt-milepael", "name": "Ny vejledning", "kind": "milestone"},
                 {"key": "bt-tekst", "name": "Styrket samarbejde", "kind": "qualitative"},
                 {"key": "bt-gammel", "name": "Gammel indikator", "unit": "elever", "retired": {"period": "2020"}},
             ]},
            {"code": "2", "title": "Børnecentrets indsats", "units": [{"unit": "Børnecenter", "role": "lead"}],
             "indicators": [
                 {"key": "bt-pos", "name": "Børn i position", "kind": "distribution", "scale": "pos",
                  "unit": "børn"},
                 {"key": "bt-boern", "name": "Antal børn", "unit": "børn"},
             ]},
        ],
    },
}


def make_strategy():
    return strategy_import(document=DOCUMENT)


def centre_editor_of(unit_name: str, username: str = "bulk-centre"):
    from pejling.plans.memberships import member_add, organisation_find, unit_find
    organisation = organisation_find(text=ORG)
    return member_add(organisation=organisation, username=username, role="centre-editor",
                      units=[unit_find(organisation=organisation, text=unit_name)]).user


def write_csv(path, lines, *, delimiter=";", bom=False, encoding="utf-8"):
    text = "\n".join(delimiter.join(cells) for cells in lines) + "\n"
    path.write_bytes((("\ufeff" if bom else "") + text).encode(encoding))
    return path
