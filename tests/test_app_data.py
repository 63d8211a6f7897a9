"""What used to need a file, in the app: a measurement marked as baseline (and unmarked) with its reason,
and initiatives and indicators deleted with a page that says what goes with them, kept in history and
restored together."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pejling.plans.models import Indicator, Initiative, InitiativeUnit, Strategy, Target
from pejling.tracking.models import Measurement, StatusNote

pytestmark = pytest.mark.usefixtures("demo")

RINGSTED = "ringsted-uddannelse-til-alle-unge"
PAGE6 = reverse("web:initiative", args=[RINGSTED, "#6"])
NEET = reverse("web:indicator-entry", args=[RINGSTED, "#6", "r6-neet"])


def baseline_url(m):
    return reverse("web:measurement-baseline", args=[RINGSTED, m.pk])


def neet_baseline():
    return Measurement.objects.get(indicator__key="r6-neet", is_baseline=True)


def test_a_consultant_moves_the_baseline_with_a_reason_and_history_keeps_it(consultant):
    consultant.post(NEET, {"m-r6-neet-period": "2020-11", "m-r6-neet-value": "6,8"})
    new = Measurement.objects.get(indicator__key="r6-neet", period="2020-11")
    old = neet_baseline()
    page = consultant.get(PAGE6).content.decode()
    assert baseline_url(new) in page and "Gør til baseline" in page and "Ikke baseline" in page
    # One baseline per indicator and group: the second is refused with the first one named
    response = consultant.post(baseline_url(new), {"reason": "Ny opgørelse"})
    assert response.status_code == 422
    assert "Der er allerede en baseline: 7,2 % (november 2019)" in response.content.decode()
    assert not Measurement.objects.get(pk=new.pk).is_baseline
    # Without a reason nothing changes
    response = consultant.post(baseline_url(old), {"reason": ""})
    assert response.status_code == 422 and "Giv begrundelsen" in response.content.decode()
    assert neet_baseline().pk == old.pk
    # Unmark the old one, mark the new one
    assert consultant.post(baseline_url(old), {"reason": "Tallet fra 2018 var en fremskrivning"}).status_code == 302
    assert consultant.post(baseline_url(new), {"reason": "Første faktiske opgørelse"}).status_code == 302
    assert neet_baseline().pk == new.pk and neet_baseline().value == Decimal("6.8")
    latest = Measurement.history.filter(id=new.pk).latest("history_date")
    assert latest.is_baseline and latest.history_change_reason == "Første faktiske opgørelse"
    assert latest.history_source == "web" and latest.history_user.username == "consultant"
    history = consultant.get(reverse("web:indicator-history", args=[RINGSTED, "r6-neet"])).content.decode()
    assert "Tallet fra 2018 var en fremskrivning" in history
    page = consultant.get(PAGE6).content.decode()
    assert "Baseline november 2020" in page


def test_a_distribution_period_moves_to_baseline_with_all_its_categories(consultant):
    base = Measurement.objects.filter(indicator__key="r1-position", is_baseline=True)
    first = base.order_by("pk").first()
    assert consultant.post(baseline_url(first), {"reason": "Flyttes"}).status_code == 302
    assert not Measurement.objects.filter(indicator__key="r1-position", is_baseline=True).exists()
    assert Measurement.objects.filter(indicator__key="r1-position", period=first.period).count() == 3


def test_who_may_change_the_baseline(client, centre_editor, holstebro_consultant, reader):
    url = baseline_url(neet_baseline())
    assert client.post(url, {"reason": "x"}).url.startswith(reverse("web:login"))
    assert centre_editor.get(url).status_code == 403  # enters data for #6, but the baseline is the plan's
    assert centre_editor.post(url, {"reason": "x"}).status_code == 403
    assert holstebro_consultant.post(url, {"reason": "x"}).status_code == 403
    assert reader.post(url, {"reason": "x"}).status_code == 403
    assert neet_baseline().is_baseline
    assert "Gør til baseline" not in centre_editor.get(PAGE6).content.decode()
    other = reverse("web:measurement-baseline", args=["holstebro-partnerskab-ungestrategier", neet_baseline().pk])
    assert holstebro_consultant.get(other).status_code == 404  # not Holstebro's


def said(n, one, more):
    return f"{n} {one if n == 1 else more}"


def _counts(ini):
    ind = Indicator.objects.filter(initiative=ini)
    return {"indicators": ind.count(), "targets": Target.objects.filter(indicator__in=ind).count(),
            "measurements": Measurement.objects.filter(indicator__in=ind).count(),
            "units": InitiativeUnit.objects.filter(initiative=ini).count()}


def test_a_consultant_deletes_an_initiative_after_seeing_what_goes_and_restores_it_all(consultant):
    ini = Initiative.objects.get(strategy__slug=RINGSTED, code="#6")
    consultant.post(reverse("web:status-note-entry", args=[RINGSTED, "#6"]),
                    {"note-period": "2020", "note-text": "Godt i gang"})
    before = _counts(ini)
    revision = Strategy.objects.get(slug=RINGSTED).revision
    url = reverse("web:initiative-delete", args=[RINGSTED, "#6"])
    assert url in consultant.get(PAGE6).content.decode()
    confirm = consultant.get(url).content.decode()
    assert "Slet: #6" in confirm
    assert said(before["indicators"], "indikator", "indikatorer") in confirm
    assert said(before["measurements"], "måling", "målinger") in confirm
    assert "1 statusnote," in confirm or "1 statusnote." in confirm
    response = consultant.post(url, {"reason": "Oprettet to gange", "version": ini.version})
    assert response.status_code == 302 and response.url == reverse("web:strategy", args=[RINGSTED])
    assert not Initiative.objects.filter(pk=ini.pk).exists()
    assert not Indicator.objects.filter(key="r6-neet").exists() and not StatusNote.objects.filter(text="Godt i gang")
    assert Strategy.objects.get(slug=RINGSTED).revision > revision  # pages and caches see it at once
    assert consultant.get(PAGE6).status_code == 404
    gone = Initiative.history.get(id=ini.pk, history_type="-")
    assert gone.history_change_reason == "Oprettet to gange" and gone.history_user.username == "consultant"
    assert Measurement.history.filter(history_type="-", history_date=gone.history_date).count() == \
        before["measurements"]
    # Restored from the list of deletions: everything that went with it comes back
    deleted = reverse("web:deleted", args=[RINGSTED])
    listing = consultant.get(deleted).content.decode()
    assert "Oprettet to gange" in listing
    restore = reverse("web:history-restore", args=[RINGSTED, "initiative", gone.history_id])
    assert f'action="{restore}"' in listing
    assert consultant.post(restore, {"next": deleted}).status_code == 302
    assert _counts(Initiative.objects.get(pk=ini.pk)) == before
    assert StatusNote.objects.filter(text="Godt i gang", initiative_id=ini.pk).exists()
    page = consultant.get(PAGE6).content.decode()
    assert "Andelen af unge under 25 uden tilknytning" in page
    assert "Oprettet to gange" not in consultant.get(deleted).content.decode()


def test_a_consultant_deletes_one_indicator_and_restores_it_from_the_initiative_history(consultant):
    ind = Indicator.objects.get(key="r6-neet")
    n = ind.measurements.count() + 0
    url = reverse("web:indicator-delete", args=[RINGSTED, "r6-neet"])
    confirm = consultant.get(url).content.decode()
    assert said(n, "måling", "målinger") in confirm
    assert consultant.post(url, {"reason": "Forkert nøgle", "version": ind.version}).status_code == 302
    assert not Indicator.objects.filter(pk=ind.pk).exists()
    gone = Indicator.history.get(id=ind.pk, history_type="-")
    history = consultant.get(reverse("web:initiative-history", args=[RINGSTED, "#6"])).content.decode()
    restore = reverse("web:history-restore", args=[RINGSTED, "indicator", gone.history_id])
    assert f'action="{restore}"' in history
    consultant.post(restore)
    assert Indicator.objects.get(pk=ind.pk).measurements.count() == n


def test_an_initiative_edited_meanwhile_is_not_deleted(consultant):
    ini = Initiative.objects.get(strategy__slug=RINGSTED, code="#6")
    url = reverse("web:initiative-delete", args=[RINGSTED, "#6"])
    Initiative.objects.filter(pk=ini.pk).update(version=ini.version + 1)  # someone saved it
    response = consultant.post(url, {"reason": "x", "version": ini.version})
    assert response.status_code == 409 and "En anden har ændret den" in response.content.decode()
    assert Initiative.objects.filter(pk=ini.pk).exists()


def test_only_consultants_delete_plan_objects(client, centre_editor, holstebro_consultant, reader):
    urls = [reverse("web:initiative-delete", args=[RINGSTED, "#6"]),
            reverse("web:indicator-delete", args=[RINGSTED, "r6-neet"])]
    for url in urls:
        assert client.post(url, {"reason": "x"}).url.startswith(reverse("web:login"))
        for who in (centre_editor, holstebro_consultant, reader):
            assert who.get(url).status_code == 403
            assert who.post(url, {"reason": "x"}).status_code == 403
    assert Initiative.objects.filter(strategy__slug=RINGSTED, code="#6").exists()
    assert Indicator.objects.filter(key="r6-neet").exists()
    assert "Slet indsatsen" not in centre_editor.get(PAGE6).content.decode()
    assert client.get(reverse("web:deleted", args=[RINGSTED])).status_code == 302


def test_a_centre_editor_deletes_measurements_of_their_own_units_initiatives_only(centre_editor):
    mine = neet_baseline()
    theirs = Measurement.objects.filter(indicator__key="r1-position").first()  # #1 is Børnecenter's
    assert centre_editor.get(reverse("web:entry-delete", args=[RINGSTED, "maaling", theirs.pk])).status_code == 403
    url = reverse("web:entry-delete", args=[RINGSTED, "maaling", mine.pk])
    assert url in centre_editor.get(PAGE6).content.decode()
    assert centre_editor.post(url, {"reason": "Forkert", "version": mine.version}).status_code == 302
    assert not Measurement.objects.filter(pk=mine.pk).exists()
    assert Measurement.objects.filter(pk=theirs.pk).exists()
