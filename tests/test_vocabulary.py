"""One vocabulary for colours: the style sheets use exactly the colours of assessment.colours.Colour."""

import re
from pathlib import Path

import pytest

import pejling
from pejling.assessment.colours import Colour

ROOT = Path(pejling.__file__).parent
SHEETS = [ROOT / "web" / "static" / "web" / "pejling.css", ROOT / "reports" / "templates" / "reports" / "report.css"]


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_every_colour_class_uses_the_enums_colour(sheet):
    css = sheet.read_text(encoding="utf-8")
    found = re.findall(r"\.c-(green|yellow|red|none)[^{]*\{[^}]*?(?:background|color):\s*(#[0-9a-fA-F]{6})", css)
    assert {c for c, _hex in found} == {c.value for c in Colour}
    assert all(hex_.lower() == Colour(c).hex for c, hex_ in found), found
