"""The "as of" date: one way to write it at every door, and a page as of a date shows what was known then."""

import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from pejling.assessment.periods import parse_day
from pejling.reports.models import PublishedReport

pytestmark = pytest.mark.usefixtures("demo")

HOLSTEBRO = "holstebro-partnerskab-ungestrategier"
RINGSTED = "ringsted-uddannelse-til-alle-unge"


@pytest.mark.parametrize("text, day", [("2020-11-30", date(2020, 11, 30)), (" 2013-12-31 ", date(2013, 12, 31)),
                                       ("２０２０-１１-３０", date(2020, 11, 30)), ("1900-01-01", date(1900, 1, 1))])
def test_a_day_is_read_from_yyyy_mm_dd(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["20200101", "2020-W01-1", "2020-1-1", "0001-01-01", "9999-12-31", "2020-02-30",
                                  "2020-11-30T00:00", "", " ", "2020-11-30\x00", "NaN", None])
def test_anything_else_is_not_a_day(text):
    with pytest.raises(ValueError):
        parse_day(text)


NOT_A_DAY = "er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2020-11-30."
OUT_OF_RANGE = ": året skal ligge mellem 1900 og 2200."
NO_SUCH_DAY = " er ingen dag i kalenderen."


@pytest.mark.parametrize("raw, why", [("20200101", NOT_A_DAY), ("2020-W01-1", NOT_A_DAY), ("2021-02-29", NO_SUCH_DAY),
                                      ("0001-01-01", OUT_OF_RANGE), ("9999-12-31", OUT_OF_RANGE)])
def test_pages_explain_a_day_written_otherwise_and_never_fail(client, raw, why):
    """A day outside the years a period may have is told so, not called "no date"."""
    for url in (f"/s/{RINGSTED}/", f"/s/{RINGSTED}/i/6/", f"/s/{HOLSTEBRO}/maal/h5-ejerskab/"):
        response = client.get(url, {"as_of": raw})
        assert response.status_code == 200, url
        assert f"»{raw}«{why if why != NOT_A_DAY else ' ' + why}" in response.content.decode()
    chart = client.get(f"/s/{RINGSTED}/graf/r2-fravaer.svg", {"as_of": raw})  # no picture of another day
    assert chart.status_code == 400 and chart["Content-Type"] == "text/plain; charset=utf-8"
    assert f"»{raw}«" in chart.content.decode()


def test_commands_refuse_a_day_written_otherwise():
    with pytest.raises(CommandError, match="»20201231« is not a date|»20201231« er ikke en dato"):
        call_command("status", RINGSTED, "--as-of", "20201231")
    with pytest.raises(CommandError, match="--as-of »1899-12-31«: (the year must be between 1900 and 2200|"
                                           "året skal ligge mellem 1900 og 2200)"):
        call_command("status", RINGSTED, "--as-of", "1899-12-31")


def test_publishing_a_report_with_a_bad_date_says_the_same(consultant):
    response = consultant.post(f"/s/{RINGSTED}/rapporter/udgiv/", {"audience": "committee", "as_of": "2300-01-01"},
                               follow=True)
    assert "»2300-01-01«" + OUT_OF_RANGE in response.content.decode()


def test_publishing_a_report_with_the_date_emptied_publishes_nothing(consultant):
    """A frozen report's date is never guessed: the form's emptied date field is not "today"."""
    before = PublishedReport.objects.count()
    response = consultant.post(f"/s/{RINGSTED}/rapporter/udgiv/", {"audience": "committee", "as_of": " "},
                               follow=True)
    assert "Skriv rapportens dato (Status pr.)." in response.content.decode()
    assert PublishedReport.objects.count() == before


def _table(page: str, caption: str) -> str:
    return re.search(rf"<caption>{caption}</caption>.*?</table>", page, re.S).group(0)


def test_the_measurements_table_shows_what_was_known_on_the_pages_date(client):
    url = f"/s/{HOLSTEBRO}/i/4.2/"
    then = client.get(url, {"as_of": "2011-12-31"}).content.decode()
    table = next(t for t in re.findall(r"<caption>Målinger</caption>.*?</table>", then, re.S) if "4,3 %" in t)
    assert "<td>Baseline 2010</td>" in table and "<td>2011</td>" in table and "3,9 %" in table
    assert "<td>2012</td>" not in table and "6,9 %" not in table and "5,9 %" not in table
    assert "2 målinger efter 31. december 2011 vises ikke: siden viser status på den dato." in table
    # The comparison series as the measurements: Alle elever begins in 2012
    assert "Etnisk danske elever: 2010 3 %; 2011 3,1 %" in then and "Alle elever:" not in then
    # The initiative's status notes of 2012 and 2013 were not written yet
    assert "LG Insight har udarbejdet evaluering" not in then

    now = client.get(url, {"as_of": "2014-12-31"}).content.decode()
    table = next(t for t in re.findall(r"<caption>Målinger</caption>.*?</table>", now, re.S) if "4,3 %" in t)
    assert "6,9 %" in table and "5,9 %" in table and "vises ikke" not in table
    assert "Alle elever: 2012 5,2 %; 2013 5,6 %" in now and "LG Insight har udarbejdet evaluering" in now


def test_without_an_asked_for_date_every_measurement_stays_in_sight(client):
    # A value entered for a period that has not ended (this year, this quarter) is not counted yet, but
    # the person who entered it must see it in the table: hidden, it would look like a lost edit.
    from pejling.plans.models import Indicator
    from pejling.tracking.models import Measurement
    indicator = Indicator.objects.get(strategy__slug=HOLSTEBRO, key="h4-2-fravaer-nydanske")
    m = Measurement(indicator=indicator, period="2014", value="4.4")
    m.full_clean(validate_constraints=False)
    m.save()
    url = f"/s/{HOLSTEBRO}/i/4.2/"
    assert "4,4 %" in client.get(url).content.decode()
    then = client.get(url, {"as_of": "2013-12-31"}).content.decode()
    assert "4,4 %" not in then and "1 måling efter 31. december 2013 vises ikke" in then


def test_what_was_typed_is_repeated_printable_and_short_and_never_carried_into_links(client):
    page = client.get(f"/s/{RINGSTED}/", {"as_of": "2020-01-01\x00\x1b[31m" + "1" * 10_000}).content.decode()
    assert "\x00" not in page and "\x1b" not in page
    assert "»2020-01-01\ufffd\ufffd[31m" + "1" * 24 + "…« er ikke en dato" in page
    assert page.count("1" * 10_000) <= 2  # the language and log-in links bring the reader back to this address
    assert "?as_of=" not in page  # a bad date is not carried on to every initiative and goal
    # A good one is carried on as the date itself, whatever digits it was typed in
    page = client.get(f"/s/{RINGSTED}/", {"as_of": "٢٠٢٠-١٢-٣١"}).content.decode()
    assert f'href="/s/{RINGSTED}/i/1/?as_of=2020-12-31"' in page and "٢" not in page


def test_a_report_with_a_bad_date_says_why_in_danish(consultant):
    for url in (f"/s/{RINGSTED}/rapport/", f"/s/{RINGSTED}/rapport.pdf", f"/s/{RINGSTED}/rapport.xlsx"):
        response = consultant.get(url, {"as_of": "20200101"})
        assert response.status_code == 400, url
        assert response.content.decode() == "»20200101« er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2020-11-30."


def test_a_blank_date_in_a_command_is_the_default_and_what_was_typed_is_printable(capsys):
    call_command("status", RINGSTED, "--as-of", " ")
    assert "Uddannelse til alle unge" in capsys.readouterr().out
    with pytest.raises(CommandError) as failed:
        call_command("status", RINGSTED, "--as-of", "2020-01-01\x1b[31mRED")
    assert "\x1b" not in str(failed.value) and "\ufffd[31mRED" in str(failed.value)


def test_a_distribution_counts_later_measurements_not_their_categories(client):
    # Holstebro's drop-out goal is measured per category of its scale: one period is one measurement
    from pejling.tracking.models import Measurement
    page = client.get(f"/s/{HOLSTEBRO}/maal/h3-frafald/", {"as_of": "2011-12-31"}).content.decode()
    said = re.search(r"(\d+) målinger? efter 31\. december 2011 vises ikke", page)
    later = Measurement.objects.filter(indicator__strategy__slug=HOLSTEBRO, indicator__key="h3-frafald",
                                       period_end__gt=date(2011, 12, 31))
    measurements = len({(m.period, m.breakdown, m.is_baseline) for m in later})
    assert later.count() > measurements > 0  # rows per category
    assert int(said.group(1)) == measurements
