"""The Excel template's layout: sheets, columns and choice lists, in ONE place for both directions.

`template_write` lays a workbook out from these specs and `template_read` reads it back by them, so
a column added here is written, read, validated and explained in the instructions at once. Headers,
sheet names and choice labels are Danish and fixed: they are the file format (a workbook written in
English would not read back), not user-interface text.

A column's `field` is its place in the document row (`closed.period` is nested); a field starting
with "@" is a reference the builder resolves (owner initiative, indicator key, scale level, units).
"""

from __future__ import annotations

from dataclasses import dataclass

# value in the document -> Danish label in the workbook (the reader accepts both, in any case)
CHOICES: dict[str, dict[str, str]] = {
    "kind": {"numeric": "numerisk", "distribution": "fordeling", "milestone": "milepæl", "qualitative": "kvalitativ"},
    "direction": {"up": "op er godt", "down": "ned er godt", "none": "ingen retning"},
    "horizon": {"short": "kort sigt", "long": "langt sigt"},
    "group_values": {"rates": "andele, rater eller gennemsnit", "counts": "antal (dele af totalen)"},
    "frequency": {"yearly": "årligt", "half_yearly": "halvårligt", "quarterly": "kvartalsvis",
                  "monthly": "månedligt", "once": "én gang"},
    "glide": {"relative": "relativ (% pr. år)", "absolute": "absolut (pr. år)"},
    "state": {"planned": "planlagt", "active": "aktiv", "closed": "lukket"},
    "target_kind": {"final": "slutmål", "interim": "delmål"},
    "origin": {"local": "lokalt", "national": "nationalt"},
    "change_unit": {"percent": "procent af baseline", "points": "point"},
    "bound": {"ceiling": "loft (højst)", "floor": "gulv (mindst)"},
    "polarity": {"good": "god", "bad": "dårlig", "neutral": "neutral"},
    "colour": {"green": "grøn", "yellow": "gul", "red": "rød", "none": "ingen farve"},
    "status": {"done": "ja", "on_the_way": "på vej", "not_done": "nej"},
    "reference_kind": {"national": "landsgennemsnit", "cluster": "sammenlignelige kommuner",
                       "comparison": "sammenligningsgruppe"},
    "yes_no": {"true": "ja", "false": "nej"},
}
# The Lister sheet's heading for each list
LIST_TITLES = {"kind": "Indikatortype", "direction": "Retning", "horizon": "Sigt", "frequency": "Hyppighed",
               "group_values": "Gruppernes tal",
               "glide": "Glidebane", "state": "Tilstand", "target_kind": "Måltype", "origin": "Oprindelse",
               "change_unit": "Ændring i", "bound": "Grænse", "polarity": "Polaritet", "colour": "Farve",
               "status": "Milepælsstatus", "reference_kind": "Referencetype", "yes_no": "Ja/nej"}
# Level colours are free texts in the model: known ones get a Danish label, others stay as written.
OPEN_CHOICES = {"colour"}

DOC_SHEET = "Strategi"
LISTS_SHEET = "Lister"
GUIDE_SHEET = "Vejledning"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text | long | code | key | number | integer | period | date | moment | choice | bool | units
    choices: str = ""
    required: bool = False
    width: int = 16
    help: str = ""

    @property
    def wrapped(self) -> bool:
        return self.kind in ("long", "text", "units")


@dataclass(frozen=True)
class Sheet:
    title: str
    entity: str  # the checker's entity name (validation.where), for places and text rules
    columns: tuple[Column, ...]
    about: str
    rows_of: str = ""  # what a row is, for the instructions

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


def _c(header, name, kind="text", **kw) -> Column:
    widths = {"long": 50, "text": 24, "code": 10, "key": 30, "number": 11, "integer": 10, "period": 12,
              "date": 12, "moment": 22, "choice": 16, "bool": 9, "units": 28}
    kw.setdefault("width", widths.get(kind, 16))
    return Column(header, name, kind, **kw)


INITIATIVE = _c("Indsats (kode)", "@initiative", "code", help="koden på arket Indsatser; tom: strategien")
FOCUS_AREA = _c("Område (kode)", "@focus_area", "code", help="koden på arket Områder")
INDICATOR = _c("Indikator (nøgle)", "@indicator", "key", required=True, help="nøglen på arket Indikatorer")

# The Strategi sheet is one field per row: (label, document path, kind, help)
DOC_FIELDS: tuple[Column, ...] = (
    _c("Organisation (nøgle)", "organisation.slug", "key", required=True, help="kort navn: små bogstaver, tal og -"),
    _c("Organisation", "organisation.name", required=True),
    _c("Organisationstype", "organisation.kind", help="tom: Kommune"),
    _c("Om organisationen", "organisation.description", "long"),
    _c("Strategi (nøgle)", "strategy.slug", "key", required=True, help="kort navn i adressen /s/…/"),
    _c("Titel", "strategy.title", required=True),
    _c("Type", "strategy.kind", help="fx Politik, Strategi, Partnerskab"),
    _c("Starter", "strategy.starts_on", "date", help="dato, fx 01-01-2019"),
    _c("Slutter", "strategy.ends_on", "date"),
    _c("Vision", "strategy.vision", "long"),
    _c("Baggrund", "strategy.background", "long"),
    _c("Parter", "strategy.partners", "long"),
    _c("Vedtaget af", "strategy.adopted_by"),
    _c("Vedtaget den", "strategy.adopted_on", "date"),
    _c("Note om vedtagelsen", "strategy.adoption_note"),
    _c("Betegnelse for områder", "strategy.focus_area_label", help="tom: Pejlemærke"),
    _c("Rapportens indledning", "strategy.report_introduction", "long"),
    _c("Rapportens sammenfatning", "strategy.report_summary", "long"),
    _c("Grøn: største afvigelse", "strategy.assessment_rules.green_max_gap", "number",
       help="andel af afstanden baseline–mål, tom: 0,1"),
    _c("Gul: største afvigelse", "strategy.assessment_rules.yellow_max_gap", "number", help="tom: 0,25"),
    _c("Ingen effekt: antal målinger", "strategy.assessment_rules.no_effect_window", "integer", help="tom: 2"),
)

SHEETS: tuple[Sheet, ...] = (
    Sheet("Enheder", "unit", (
        _c("Navn", "name", required=True, width=32),
        _c("Type", "kind", help="fx Center, Afdeling"),
        _c("Hører under", "parent", width=32, help="navnet på en anden enhed"),
    ), "Organisationens centre, afdelinger og enheder. Enhederne bruges i listerne på de andre ark.",
        "en enhed"),
    Sheet("Skalaer", "level", (
        _c("Skala (nøgle)", "@scale", "key", required=True),
        _c("Skalanavn", "@scale.name", width=28),
        _c("Om skalaen", "@scale.description", "long", width=36),
        _c("Niveau (kode)", "code", "key", required=True),
        _c("Niveau", "label", required=True),
        _c("Polaritet", "polarity", "choice", choices="polarity"),
        _c("Trin", "tier", help="fx forebyggende, tidlig, indgribende"),
        _c("Farve", "colour", "choice", choices="colour"),
    ), "Skalaer til fordelinger (fx rød/gul/grøn position, Trivselslinealen). Et niveau pr. række; "
       "skalaens navn står på hver række.", "et niveau af en skala"),
    Sheet("Områder", "focus_area", (
        _c("Kode", "code", "code", required=True),
        _c("Titel", "title", required=True, width=40),
        _c("Beskrivelse", "description", "long", width=60),
    ), "Strategiens pejlemærker, bærende principper eller indsatsområder, i rækkefølge.", "et område"),
    Sheet("Indsatser", "initiative", (
        _c("Kode", "code", "code", required=True, help="fx #6, #9a, 2.3"),
        _c("Titel", "title", required=True, width=36),
        _c("Område (kode)", "focus_area", "code"),
        _c("Tilstand", "state", "choice", choices="state"),
        _c("Lukket (periode)", "closed.period", "period"),
        _c("Lukket, fordi", "closed.reason", "long", width=30),
        _c("Ansvarlige enheder", "@lead", "units", help="navne adskilt af semikolon"),
        _c("Deltagende enheder", "@participating", "units", help="navne adskilt af semikolon"),
        _c("Delmål", "subgoal", "long"),
        _c("Formål", "purpose", "long"),
        _c("Udfordringer", "challenges", "long"),
        _c("Bygger videre på", "builds_on", "long"),
        _c("Aktiviteter", "activities", "long"),
        _c("Tidsplan", "timeline", "long", width=30),
        _c("Økonomi", "economy", "long", width=30),
        _c("Målgruppe", "target_group", "long", width=30),
        _c("Monitorering og evaluering", "monitoring", "long"),
    ), "Indsatserne (projekterne) med hele handleplansarket.", "en indsats"),
    Sheet("Roller", "role", (
        INITIATIVE,
        _c("Rolle", "title", required=True, width=30, help="en rolle, aldrig en persons navn"),
        _c("Enhed", "unit", width=28),
        _c("Note", "note", "long"),
    ), "Roller i strategien (tom indsats) eller i en indsats: tovholder, styregruppe … – aldrig navne.",
        "en rolle"),
    Sheet("Indikatorer", "indicator", (
        _c("Nøgle", "key", "key", required=True, help="unik i strategien: små bogstaver, tal og -"),
        _c("Navn", "name", "long", required=True, width=40),
        INITIATIVE,
        FOCUS_AREA,
        _c("Type", "kind", "choice", choices="kind"),
        _c("Enhed", "unit", width=10, help="fx %, antal, personer"),
        _c("Decimaler", "decimals", "integer", help="0–6"),
        _c("Retning", "direction", "choice", choices="direction"),
        _c("Skala (nøgle)", "scale", "key", help="kun fordelinger: nøglen på arket Skalaer"),
        _c("Hyppighed", "frequency", "choice", choices="frequency"),
        _c("Sigt", "horizon", "choice", choices="horizon"),
        _c("Gruppernes tal", "group_values", "choice", choices="group_values",
           help="for grupper (skoler, distrikter): er tallene antal, gælder totalens mål ikke for dem"),
        _c("Baseline (som skrevet)", "baseline_text", "long", width=30),
        _c("Mål (som skrevet)", "target_text", "long", width=30),
        _c("Målemetode", "method", "long", width=30),
        _c("Datakilde", "source", "long", width=30),
        _c("Beskrivelse", "description", "long", width=30),
        _c("Start (periode)", "start", "period"),
        _c("Glidebane", "glide_path.kind", "choice", choices="glide"),
        _c("Glidebane pr. år", "glide_path.rate", "number"),
        _c("Udgår (periode)", "retired.period", "period"),
        _c("Udgår, fordi", "retired.reason", "long", width=30),
        _c("Erstattes af (nøgle)", "retired.replaced_by", "key"),
    ), "Indikatorerne: hvad der måles, hvordan og hvor ofte. En indikator hører til en indsats, et "
       "område eller (begge tomme) strategien.", "en indikator"),
    Sheet("Mål", "target", (
        INDICATOR,
        _c("Type", "kind", "choice", choices="target_kind"),
        _c("Oprindelse", "origin", "choice", choices="origin"),
        _c("Periode", "period", "period", help="fristen, fx 2021 eller nov. 2021"),
        _c("Værdi", "value", "number"),
        _c("Ændring", "change", "number", help="i stedet for en værdi: fx -25"),
        _c("Ændring i", "change_unit", "choice", choices="change_unit"),
        _c("Grænse", "bound", "choice", choices="bound"),
        _c("Niveau (kode)", "level", "key", help="kun fordelinger: andel i procent"),
        _c("Gruppe", "breakdown", help="tom: alle"),
        _c("Tekst", "text", "long", width=30),
        _c("Note", "note", "long", width=30),
        _c("Beregnet", "generated", "bool", choices="yes_no", help="ja: lavet af glidebanen"),
    ), "Mål og delmål med frist: en værdi, en ændring fra baseline eller en tekst.", "et mål"),
    Sheet("Målinger", "measurement", (
        INDICATOR,
        _c("Periode", "period", "period", help="fx 2019, 2019/20, nov. 2020, 3. kvt. 2013"),
        _c("Gruppe", "breakdown", help="fx Nydanske; tom: alle"),
        _c("Baseline", "baseline", "bool", choices="yes_no"),
        _c("Niveau (kode)", "@level", "key", help="kun fordelinger: én række pr. niveau"),
        _c("Værdi", "value", "number"),
        _c("Status", "status", "choice", choices="status", help="milepæle: ja, på vej, nej"),
        _c("Tekst", "text", "long", width=30),
        _c("Kommentar", "comment", "long", width=40),
        _c("Kilde", "source", width=20),
        _c("Indtastet af", "entered_by", width=18),
        _c("Indtastet", "entered_at", "moment"),
    ), "Målingerne: én række pr. indikator, periode og gruppe – for en fordeling én række pr. niveau. "
       "Kommentar, kilde og status gentages på hvert niveaus række.", "en måling"),
    Sheet("Referencer", "reference_value", (
        INDICATOR,
        _c("Serie", "@series", required=True, width=28, help="fx Landsgennemsnit"),
        _c("Type", "@series.kind", "choice", choices="reference_kind"),
        _c("Kilde", "@series.source", width=24),
        _c("Periode", "period", "period"),
        _c("Værdi", "value", "number"),
        _c("Kommentar", "comment", "long", width=30),
    ), "Referenceserier (landsgennemsnit, sammenlignelige kommuner): én række pr. serie og periode.",
        "en værdi i en referenceserie"),
    Sheet("Statusnoter", "note", (
        INITIATIVE,
        FOCUS_AREA,
        _c("Indikator (nøgle)", "@indicator", "key"),
        _c("Periode", "period", "period"),
        _c("Titel", "title", width=28),
        _c("Tekst", "text", "long", required=True, width=60),
        _c("Skrevet af (rolle)", "author_role", width=20),
    ), "Statusnoter til strategien (alt tomt), et område, en indsats eller en indikator (udfyld én).",
        "en statusnote"),
    Sheet("Vurderinger", "assessment", (
        INITIATIVE,
        _c("Indikator (nøgle)", "@indicator", "key"),
        _c("Periode", "period", "period", required=True),
        _c("Farve", "colour", "choice", choices="colour", required=True),
        _c("Begrundelse", "reason", "long", required=True, width=50),
        _c("Vurderet af (rolle)", "assessed_by_role", width=20),
        _c("Vurderet", "assessed_at", "moment"),
    ), "Manuelle farvevurderinger af en indsats eller en indikator (udfyld én af de to).", "en vurdering"),
)
SHEET_BY_TITLE = {s.title: s for s in SHEETS}

# Lists shown as drop-downs (openpyxl DataValidation): column kind/choices -> the list's range
UNIT_LIST = "Enheder!$A$2:$A$2000"
CODE_LISTS = {"@initiative": "Indsatser!$A$2:$A$2000", "@focus_area": "Områder!$A$2:$A$2000",
              "focus_area": "Områder!$A$2:$A$2000", "@indicator": "Indikatorer!$A$2:$A$5000",
              "scale": "Skalaer!$A$2:$A$2000", "parent": UNIT_LIST, "unit": UNIT_LIST}
