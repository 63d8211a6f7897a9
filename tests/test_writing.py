"""Numbers as Danish people write them: one reading for every door (web forms, template, tables, files)."""

from decimal import Decimal

import pytest

from pejling.assessment.writing import NumberWritingError, read_number
from pejling.web.forms import NumberField


@pytest.mark.parametrize("text,value,percent", [
    ("7,2", "7.2", False), ("7,2 %", "7.2", True), ("7,2%", "7.2", True), ("3,5 pct.", "3.5", True),
    ("1.234,5", "1234.5", False), ("1 234,5", "1234.5", False), ("1\u00a0234", "1234", False),
    ("1.234.567", "1234567", False), ("6.8", "6.8", False), ("0.250", "0.250", False), ("−3", "-3", False),
    ("٣,٥", "3.5", False), ("1e20", "1E+20", False), ("４４１", "441", False),
])
def test_it_reads_danish_writing(text, value, percent):
    number = read_number(text)
    assert (number.value, number.percent) == (Decimal(value), percent)


def test_an_empty_text_is_no_number():
    assert read_number("  ") is None


@pytest.mark.parametrize("text,code", [
    ("1.234", "ambiguous"), ("1,2,3", "invalid"), ("12.34,5", "invalid"), ("abc", "invalid"), ("%", "invalid"),
    ("1e99999", "invalid"), ("NaN", "invalid"), ("Infinity", "invalid"), ("=1+1", "invalid"),
])
def test_it_refuses_what_it_cannot_read_for_certain(text, code):
    with pytest.raises(NumberWritingError) as exc:
        read_number(text)
    assert exc.value.code == code


def test_the_web_form_says_an_ambiguous_number_plainly():
    from django import forms
    with pytest.raises(forms.ValidationError) as exc:
        NumberField().clean("1.234")
    assert "kan læses på to måder" in exc.value.messages[0]
    assert NumberField().clean("7,2 %") == Decimal("7.2")
