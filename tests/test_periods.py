from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pejling.assessment.periods import PeriodError, parse_period, period_label


@pytest.mark.parametrize("text,start,end,label", [
    ("2019", date(2019, 1, 1), date(2019, 12, 31), "2019"),
    ("2019-H1", date(2019, 1, 1), date(2019, 6, 30), "1. halvår 2019"),
    ("2020-Q3", date(2020, 7, 1), date(2020, 9, 30), "3. kvartal 2020"),
    ("2021-11", date(2021, 11, 1), date(2021, 11, 30), "november 2021"),
    ("2020-02", date(2020, 2, 1), date(2020, 2, 29), "februar 2020"),
    ("2020-01-01", date(2020, 1, 1), date(2020, 1, 1), "1. januar 2020"),
    ("2018/19", date(2018, 8, 1), date(2019, 7, 31), "skoleåret 2018/19"),
])
def test_it_parses_the_periods_municipal_documents_use(text, start, end, label):
    p = parse_period(text)
    assert (p.start, p.end, p.label()) == (start, end, label)


def test_it_normalises_a_long_school_year():
    assert parse_period("2018/2019").text == "2018/19"


@pytest.mark.parametrize("text,fragment", [
    ("2019-13", "month 13 does not exist"),
    ("2019-02-30", "day is out of range"),
    ("2018/20", "consecutive years"),
    ("novembre 2019", "is not a period"),
    ("31. februar 2019", "31. februar 2019': day is out of range"),
    ("", "is not a period"),
])
def test_it_refuses_a_bad_period_and_says_why(text, fragment):
    with pytest.raises(PeriodError, match=fragment):
        parse_period(text)


def test_it_shows_an_unparsable_stored_text_as_it_is():
    assert period_label("i sommerferien 2012") == "i sommerferien 2012"


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)),
       st.sampled_from(["year", "half", "quarter", "month", "date"]))
def test_it_always_contains_the_day_it_was_made_from(day, kind):
    text = {
        "year": f"{day.year}",
        "half": f"{day.year}-H{1 if day.month <= 6 else 2}",
        "quarter": f"{day.year}-Q{(day.month - 1) // 3 + 1}",
        "month": f"{day.year}-{day.month:02d}",
        "date": day.isoformat(),
    }[kind]
    p = parse_period(text)
    assert p.start <= day <= p.end
    assert parse_period(p.text) == p


@pytest.mark.parametrize("text,canonical", [
    ("nov. 2020", "2020-11"), ("November 2020", "2020-11"), ("3. kvt. 2013", "2013-Q3"),
    ("3. kvartal 2013", "2013-Q3"), ("2019K3", "2019-Q3"), ("Q3 2019", "2019-Q3"), ("1. halvår 2021", "2021-H1"),
    ("2021H2", "2021-H2"), ("foråret 2019", "2019-H1"), ("efteråret 2013", "2013-H2"), ("30.11.2019", "2019-11-30"),
    ("30. november 2019", "2019-11-30"), ("1/1 2020", "2020-01-01"), ("2019M11", "2019-11"),
    ("skoleåret 2018/19", "2018/19"), ("２０１９", "2019"), ("٣. kvt. ٢٠١٣", "2013-Q3"),
])
def test_it_reads_periods_written_in_danish_as_their_canonical_text(text, canonical):
    assert parse_period(text).text == canonical
