"""Reference series (the national average, comparable municipalities) added, edited and deleted in the
app, validated as measurements are, all or nothing, and protected against lost edits."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pejling.tracking.models import ReferenceSeries, ReferenceValue

pytestmark = pytest.mark.usefixtures("demo")

RINGSTED = "ringsted-uddannelse-til-alle-unge"
PAGE6 = reverse("web:initiative", args=[RINGSTED, "#6"])
LIST = reverse("web:references", args=[RINGSTED, "r6-neet"])
NEW = reverse("web:reference-create", args=[RINGSTED, "r6-neet"])


def series_data(name="Landsgennemsnit", values=(("2019-11", "8,1"), ("2020-11", "7,9")), version="", **extra):
    data = {"name": name, "kind": "national", "source": "UVM", "version": version,
            "values-TOTAL_FORMS": str(len(values) + 1), "values-INITIAL_FORMS": "0"}
    for i, (period, value) in enumerate(values):
        data |= {f"values-{i}-period": period, f"values-{i}-value": value, f"values-{i}-comment": ""}
    return data | extra


def test_a_consultant_adds_a_series_and_sees_it_in_the_chart_table(consultant):
    assert NEW in consultant.get(LIST).content.decode()
    assert LIST in consultant.get(PAGE6).content.decode()
    form = consultant.get(NEW).content.decode()
    assert '<span class="unit" id="id_values-0-value_unit">%</span>' in form
    response = consultant.post(NEW, series_data())
    assert response.status_code == 302 and response.url == LIST
    series = ReferenceSeries.objects.get(indicator__key="r6-neet", name="Landsgennemsnit")
    assert [(v.period, v.value) for v in series.values.all()] == [("2019-11", Decimal("8.1")),
                                                                   ("2020-11", Decimal("7.9"))]
    assert series.history.get().history_source == "web"
    page = consultant.get(PAGE6).content.decode()
    assert "<td>Landsgennemsnit</td><td>november 2019</td><td>8,1</td>" in page


def test_a_percentage_of_140_is_refused_in_danish_and_nothing_is_saved(consultant):
    response = consultant.post(NEW, series_data(values=(("2019-11", "8,1"), ("2020-11", "140"))))
    assert response.status_code == 422
    assert "Værdien skal være et tal mellem 0 og 100 for en procentindikator." in response.content.decode()
    assert not ReferenceSeries.objects.filter(name="Landsgennemsnit", indicator__key="r6-neet").exists()
    assert not ReferenceValue.objects.filter(value=140).exists()


@pytest.mark.parametrize("values, message", [
    ((("2019-13", "8"),), "den måned findes ikke"),
    ((("2019", "8"), ("２０１９", "9")), "optræder to gange"),  # full-width digits are the same period
    ((("2019", "NaN"),), "Skriv et tal"),
    ((("2019", "-1"),), "mellem 0 og 100"),
])
def test_bad_values_are_refused_with_their_reason(consultant, values, message):
    response = consultant.post(NEW, series_data(values=values))
    assert response.status_code == 422 and message in response.content.decode()
    assert not ReferenceSeries.objects.filter(name="Landsgennemsnit", indicator__key="r6-neet").exists()


def test_an_edit_keeps_rows_changes_values_and_refuses_a_lost_edit(consultant):
    consultant.post(NEW, series_data())
    series = ReferenceSeries.objects.get(indicator__key="r6-neet", name="Landsgennemsnit")
    first, second = series.values.all()
    url = reverse("web:reference-edit", args=[RINGSTED, "r6-neet", series.pk])
    form = consultant.get(url).content.decode()
    assert 'value="8,1"' in form
    edit = {"name": "Landsgennemsnit", "kind": "national", "source": "UVM", "version": str(series.version),
            "values-TOTAL_FORMS": "3", "values-INITIAL_FORMS": "2",
            "values-0-id": first.pk, "values-0-period": "2019-11", "values-0-value": "8,2", "values-0-comment": "Rettet",
            "values-1-id": second.pk, "values-1-period": "2020-11", "values-1-value": "7,9",
            "values-1-DELETE": "on", "values-2-period": "2021-11", "values-2-value": "7,5"}
    assert consultant.post(url, edit).status_code == 302
    assert [(v.period, v.value, v.comment) for v in series.values.all()] == [
        ("2019-11", Decimal("8.2"), "Rettet"), ("2021-11", Decimal("7.5"), "")]
    assert ReferenceValue.objects.get(period="2019-11", series=series).pk == first.pk  # the same row, changed
    # A second person's form, based on the version before, is refused and changes nothing
    stale = edit | {"name": "Landsgennemsnittet", "values-2-value": "1"}
    response = consultant.post(url, stale)
    assert response.status_code == 409
    assert "En anden har gemt dette" in response.content.decode()
    assert ReferenceSeries.objects.get(pk=series.pk).name == "Landsgennemsnit"
    assert not series.values.filter(value=1).exists()


def test_a_deleted_series_is_kept_in_history_and_restored_with_its_values(consultant):
    consultant.post(NEW, series_data())
    series = ReferenceSeries.objects.get(indicator__key="r6-neet", name="Landsgennemsnit")
    url = reverse("web:reference-delete", args=[RINGSTED, "r6-neet", series.pk])
    assert "2 referenceværdier" in consultant.get(url).content.decode()
    assert consultant.post(url, {"reason": "Forkert kilde", "version": series.version}).status_code == 302
    assert not ReferenceSeries.objects.filter(pk=series.pk).exists()
    gone = ReferenceSeries.history.get(id=series.pk, history_type="-")
    history = consultant.get(reverse("web:indicator-history", args=[RINGSTED, "r6-neet"])).content.decode()
    restore = reverse("web:history-restore", args=[RINGSTED, "reference", gone.history_id])
    assert "Forkert kilde" in history and f'action="{restore}"' in history
    consultant.post(restore)
    assert ReferenceSeries.objects.get(pk=series.pk).values.count() == 2


def test_only_consultants_edit_reference_series(client, centre_editor, holstebro_consultant, reader):
    for url in (LIST, NEW):
        assert client.get(url).url.startswith(reverse("web:login"))
        for who in (centre_editor, holstebro_consultant, reader):
            assert who.get(url).status_code == 403
            assert who.post(url, series_data()).status_code == 403
    assert not ReferenceSeries.objects.filter(name="Landsgennemsnit", indicator__key="r6-neet").exists()
