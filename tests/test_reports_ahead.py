"""Committee reports made ahead: a downloaded report (format, language, the strategy's own date, no
filters) is made again by `pejling reports-ahead` after a change, and the next download reads it."""

import fcntl
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pejling.plans.models import Strategy
from pejling.plans.services import strategy_touch
from pejling.reports.selectors import reports_wanted
from pejling.web import report_files

pytestmark = pytest.mark.usefixtures("demo")
RINGSTED = "ringsted-uddannelse-til-alle-unge"


def ahead(*args) -> str:
    out = io.StringIO()
    call_command("reports_ahead", *args, stdout=out)
    return out.getvalue()


def wanted() -> list:
    return reports_wanted(today=timezone.localdate()).get(Strategy.objects.get(slug=RINGSTED).id, [])


def file_url(fmt):
    return reverse("web:report-file", args=[RINGSTED, fmt])


def test_a_downloaded_report_is_made_again_after_a_change_and_the_next_download_reads_it(reader, monkeypatch):
    assert ahead() == "0 rapporter lavet i forvejen\n"  # nothing downloaded: nothing made
    reader.get(file_url("xlsx") + "?focus_area=1")  # filtered, or another date: not made ahead
    reader.get(file_url("xlsx") + "?as_of=2020-12-31")
    assert wanted() == []
    first = reader.get(file_url("xlsx")).content
    assert wanted() == [("xlsx", "da")]
    assert ahead() == "0 rapporter lavet i forvejen\n"  # the download kept its file: it is current
    strategy_touch(Strategy.objects.get(slug=RINGSTED).id)
    out = ahead()
    assert re.fullmatch(rf"{RINGSTED}: xlsx \(da\) \d+\.\d s\n1 rapport lavet i forvejen\n", out), out
    monkeypatch.setattr(report_files, "report_render", lambda *a, **k: pytest.fail("made at the download"))
    again = reader.get(file_url("xlsx"))
    assert again.status_code == 200 and again.content[:2] == b"PK"
    sheets = load_workbook(io.BytesIO(again.content)).sheetnames
    assert sheets == load_workbook(io.BytesIO(first)).sheetnames
    assert ahead() == "0 rapporter lavet i forvejen\n"


def test_the_live_page_is_made_ahead_in_the_readers_language_and_each_view_gets_its_nonce(reader, monkeypatch):
    reader.cookies["django_language"] = "en"
    reader.get(reverse("web:report", args=[RINGSTED]))
    assert wanted() == [("page", "en")]
    strategy_touch(Strategy.objects.get(slug=RINGSTED).id)
    assert f"{RINGSTED}: page (en)" in ahead()
    monkeypatch.setattr(report_files, "report_build", lambda **kw: pytest.fail("built at the view"))
    view = reader.get(reverse("web:report", args=[RINGSTED]))
    nonce = re.search(r"'nonce-([^']+)'", view["Content-Security-Policy"])[1]
    page = view.content.decode()
    assert page.count(f'<style nonce="{nonce}"') == 2 and "\x00" not in page
    assert "Status report" in page and "Download as PDF" in page


def test_one_run_at_a_time_and_the_commands_limits(reader):
    reader.get(file_url("xlsx"))
    reader.get(reverse("web:report", args=[RINGSTED]))
    strategy_touch(Strategy.objects.get(slug=RINGSTED).id)
    lock = Path(settings.DATA_DIR) / "cache" / "reports-ahead.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert ahead() == "en anden kørsel af reports-ahead er i gang; intet gjort\n"
    assert ahead("--max-seconds", "0.000001").endswith("\n1 rapport lavet i forvejen\n")  # the first begins
    for bad in ("0", "-1", "nan"):
        with pytest.raises(CommandError, match="--max-seconds skal være et positivt antal sekunder"):
            ahead("--max-seconds", bad)
    with pytest.raises(CommandError, match="ingen strategi »nowhere«"):
        ahead("nowhere")
    assert ahead(RINGSTED).endswith("\n1 rapport lavet i forvejen\n")  # the other, in the next run
    assert ahead(RINGSTED) == "0 rapporter lavet i forvejen\n"


def test_the_page_made_ahead_serves_a_download_form_with_its_date_and_links_that_work_under_any_prefix(reader):
    strategy = Strategy.objects.get(slug=RINGSTED)
    default = strategy.default_as_of(timezone.localdate()).isoformat()
    reader.get(reverse("web:report", args=[RINGSTED]) + f"?as_of={default}")  # the reports page's form sends it
    assert wanted() == [("page", "da")]
    strategy_touch(strategy.id)
    assert f"{RINGSTED}: page (da)" in ahead()
    page = reader.get(reverse("web:report", args=[RINGSTED])).content.decode()
    assert f'href="../rapport.pdf?as_of={default}"' in page and 'href="../">' in page
    assert 'href="/' not in page  # nothing that a path prefix (SCRIPT_NAME) would break


def test_unknown_filters_are_refused_and_make_no_report(reader):
    before = len(list((Path(settings.DATA_DIR) / "cache" / "reports").glob("*")))
    for query, said in (("?focus_area=99", "intet fokusområde 99 i ringsted-uddannelse-til-alle-unge"),
                        ("?unit=%3Cscript%3E", "ingen enhed <script> i Ringsted Kommune"),
                        ("?focus_area=1&focus_area=x%00", "intet fokusområde x\ufffd i"),
                        ("?unit=" + "u" * 5000, "ingen enhed " + "u" * 40 + "… i")):
        for url in (reverse("web:report", args=[RINGSTED]), file_url("pdf")):
            response = reader.get(url + query)
            assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
            assert said in response.content.decode() and "\x00" not in response.content.decode()
    assert len(list((Path(settings.DATA_DIR) / "cache" / "reports").glob("*"))) == before
    twice = reader.get(file_url("xlsx") + "?focus_area=1&focus_area=1")
    once = reader.get(file_url("xlsx") + "?focus_area=1")
    assert twice.status_code == once.status_code == 200 and twice.content == once.content  # one file, kept once
