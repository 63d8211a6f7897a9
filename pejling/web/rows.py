"""Table rows an indicator may have hundreds of (a national strategy: ten years of quarters for the
total and each group), written in Python: the same HTML as the template loop they replace, at a
fraction of its cost. Every value is escaped as the template did it."""

import itertools
import re
from datetime import date

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pejling.assessment.disclosure import SUPPRESSED, disclosed_rows, hides_small, suppressed
from pejling.assessment.limits import group_order
from pejling.assessment.periods import up_to
from pejling.texts import formatting, reasons
from pejling.web.display import badge, bar_width, percent, visible_progress

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")  # what reverse() writes into an address unchanged


def _addresses(name: str, *args):
    """reverse(name, args=[*args, part]) for the many parts of a table (slugs, codes): one reverse, each
    plain part put in its place; any other part (a code with "/" or "#", say) is reversed itself. The
    stand-in is digits, which every converter of the last part (slug, code, int) takes."""
    before, after = reverse(name, args=[*args, "1234567890"]).rsplit("1234567890", 1)

    def address(part: str) -> str:
        return f"{before}{part}{after}" if _PLAIN.match(part) else reverse(name, args=[*args, part])
    return address


def measured(m, indicator, public: bool, in_danish: bool | None = None) -> str:
    """A measurement's value as a reader may see it: small counts of children hidden from the public."""
    if suppressed(m.value, hide=hides_small(indicator.kind, indicator.unit, public=public)):
        return SUPPRESSED
    return formatting.with_unit(m.value, indicator.unit, in_danish=in_danish)


def _escape(value) -> str:
    return conditional_escape(value)


def _escaper():
    """conditional_escape, remembering the texts it has escaped: a table repeats its groups, levels and periods."""
    return _escaper_of(lambda value: value)


def _escaper_of(show):
    """conditional_escape(show(value)), remembered per value."""
    seen: dict = {}

    def escape(value):
        if value not in seen:
            seen[value] = conditional_escape(show(value))
        return seen[value]
    return escape


ROWS_SHOWN = 200  # measurement rows of one indicator on a page, beside its baselines, unless all are asked for


def _groups_in_order(rows) -> list:
    """The rows with each period's groups as group_order lists them everywhere ("Skole 2" before "Skole
    10", the total first); the database sorts them as text. The periods keep the database's order."""
    keys: dict[str, tuple] = {}

    def key(m):
        if m.breakdown not in keys:
            keys[m.breakdown] = (m.breakdown != "", group_order(m.breakdown))
        return keys[m.breakdown], m.level.order if m.level else 0
    out: list = []
    for _same, run in itertools.groupby(rows, key=lambda m: (m.is_baseline, m.period_end, m.period)):
        out.extend(sorted(run, key=key))
    return out


def measurement_rows(indicator, *, public: bool, may_enter: bool, may_edit: bool, slug: str,
                     as_of: date | None = None, all_rows: bool = False, all_url: str = "") -> str:
    """The rows of an indicator's measurement table (web/_indicator.html). Given `as_of` (the date a
    reader asked for, pages.shown_until), only those known then, and a last row says how many later
    ones there are. Its baselines and newest ROWS_SHOWN rows, unless `all_rows`; then a row says how
    many older ones there are, with a link (`all_url`) to all of them: 300,000 rows made a 35 MB page."""
    labels = {"baseline": _("Baseline"), "none": _("(time not stated)"), "total": _("Total"),
              "unset": _("Not the baseline"), "set": _("Make the baseline"), "delete": _("Delete…")}
    labels = {k: _escape(v) for k, v in labels.items()}
    esc, in_danish = _escaper(), formatting.danish()
    scale = bool(indicator.scale)
    baseline_links = may_edit and indicator.kind != "milestone"
    periods: dict[str, str] = {}
    out = []
    every = indicator.measurements.all()
    measurements = up_to(every, as_of)
    shown_rows = disclosed_rows(measurements, hide=hides_small(indicator.kind, indicator.unit, public=public))
    disclosed, older = len(shown_rows), 0
    if not all_rows and len(shown_rows) > ROWS_SHOWN:
        bases = [m for m in shown_rows if m.is_baseline]
        rest = [m for m in shown_rows if not m.is_baseline]
        older = max(0, len(rest) - ROWS_SHOWN)
        shown_rows = bases + rest[older:]
    shown_rows = _groups_in_order(shown_rows)
    columns = 4 + bool(scale) + bool(may_enter)
    baseline_address = _addresses("web:measurement-baseline", slug)
    delete_address = _addresses("web:entry-delete", slug, "maaling")
    for m in shown_rows:
        if m.period not in periods:
            periods[m.period] = _escape(formatting.period(m.period))
        shown = periods[m.period]
        value = ""
        if m.status:
            value = esc(m.get_status_display())
        if m.value is not None:
            value += (" · " if m.status else "") + _escape(measured(m, indicator, public, in_danish))
        if m.text:
            value += f'<div class="prose">{linebreaksbr(m.text, autoescape=True)}</div>'
        row = [f"<tr>\n      <td>{labels['baseline'] + ' ' if m.is_baseline else ''}{shown or labels['none']}</td>\n"
               f"      <td>{esc(m.breakdown) if m.breakdown else labels['total']}</td>\n"
               f"      {'<td>' + (esc(m.level.label) if m.level else '') + '</td>' if scale else ''}\n"
               f"      <td>{value}</td>\n"
               f"      <td>{linebreaksbr(m.comment, autoescape=True) if m.comment else ''}</td>"]
        if may_enter:
            what = (f"{shown}{', ' + esc(m.breakdown) if m.breakdown else ''}"
                    f"{', ' + esc(m.level.label) if m.level else ''}")
            row.append('<td class="row-actions small">')
            if baseline_links:
                url = _escape(baseline_address(str(m.pk)))
                row.append(f'<a href="{url}">{labels["unset"] if m.is_baseline else labels["set"]}'
                           f'<span class="visually-hidden"> – {what}</span></a> ')
            url = _escape(delete_address(str(m.pk)))
            row.append(f'<a href="{url}">{labels["delete"]}<span class="visually-hidden"> {what}</span></a></td>')
        row.append("</tr>")
        out.append("".join(row))
    if len(measurements) < len(every):
        # Measurements, not rows: a distribution's period has a row per category
        known = {id(m) for m in measurements}
        later = len({(m.period, m.breakdown, m.is_baseline) for m in every if id(m) not in known})
        out.append(f'<tr><td colspan="{columns}" class="muted small">' + _escape(ngettext(
            "%(count)s measurement after %(date)s is not shown: the page shows the status on that date.",
            "%(count)s measurements after %(date)s are not shown: the page shows the status on that date.",
            later) % {"count": later, "date": date_format(as_of)}) + "</td></tr>")
    if older:
        out.append(f'<tr><td colspan="{columns}" class="muted small">' + _escape(ngettext(
            "The table shows the newest %(shown)s rows; %(count)s older row is not shown.",
            "The table shows the newest %(shown)s rows; %(count)s older rows are not shown.",
            older) % {"shown": formatting.number(ROWS_SHOWN, 0), "count": formatting.number(older, 0)})
            + (f' <a href="{_escape(all_url)}">' + _escape(_("Show all rows")) + "</a>" if all_url else "")
            + "</td></tr>")
    if disclosed < len(measurements):
        out.append(f'<tr><td colspan="{columns}" class="muted small">' + _escape(_(
            "The groups are not shown for a period with a count below 5: a group's count could be worked "
            "out from the total and the other groups.")) + "</td></tr>")
    return mark_safe("".join(out))  # noqa: S308 - every part above is escaped


def _as_of_query(raw_as_of: str) -> str:
    """The page's date carried on to a link (pages.as_of_asked: an ISO date, or "" for none)."""
    return f"?as_of={_escape(raw_as_of)}" if raw_as_of else ""


def initiative_rows(rows, *, slug: str, raw_as_of: str, shows_progress: bool, public: bool) -> str:
    """The rows of a strategy overview's table of initiatives (web/strategy.html): code, title with its
    alerts, colour, progress, latest / target, centres. A national strategy's overview is asked for
    with every date; this is most of what it renders."""
    labels = {k: _escape(v) for k, v in {"closed": _("closed"), "progress": _("Progress")}.items()}
    query, address = _as_of_query(raw_as_of), _addresses("web:initiative", slug)
    out = []
    for ini, st in rows:
        head = st.headline
        url = _escape(address(ini.code))
        alerts = "".join(f'<div class="alert">{_escape(reasons.say(a))}</div>' for a in st.alerts)
        closed = "" if st.counted else f' <span class="muted">({labels["closed"]})</span>'
        tr = "<tr>" if st.counted else '<tr class="closed">'
        cells = [f"\n      {tr}\n        <td>{_escape(ini.code)}</td>\n"
                 f'        <td><a href="{url}{query}">{_escape(ini.title)}</a>{closed}\n          {alerts}</td>\n'
                 f"        <td>{badge(st.colour, st.manual)}</td>\n        "]
        if shows_progress:
            p = visible_progress(head, public)
            meter = "" if p is None else (
                f'<meter class="progress" min="0" max="100" value="{bar_width(p)}" aria-label="{labels["progress"]} '
                f'{percent(p)}"></meter><span class="small">{percent(p)}</span>')
            cells.append(f"<td>{meter}</td>")
        shown = ""
        if head:
            shown = _escape(reasons.latest_and_target(head, public=public))
            if st.decided_by and len(st.indicators) > 1 and st.colour.value != "green":
                name = _escape(Truncator(head.name).chars(60))
                shown += '<div class="small muted">' + _("decided by: %(name)s") % {"name": name} + "</div>"
        centres = ", ".join(_escape(link.unit.name) for link in ini.unit_links.all())
        cells.append(f"\n        <td>{shown}</td>\n        <td>{centres}</td>\n      </tr>\n    ")
        out.append("".join(cells))
    return mark_safe("".join(out))  # noqa: S308 - every part above is escaped


def goal_items(goals, *, slug: str, raw_as_of: str, public: bool) -> str:
    """A list of effect goals (web/strategy.html): colour, name, why, latest / target, an old value."""
    retired, latest = _escape(_("retired")), _escape(_("latest / target"))
    query, address = _as_of_query(raw_as_of), _addresses("web:goal", slug)
    out = ['<ul class="goals">']
    for r in goals:
        url = _escape(address(r.key))
        shown = reasons.latest_and_target(r, public=public)
        out.append(
            f'\n  <li>{badge(r.colour, r.manual)} <a href="{url}{query}">{_escape(r.name)}</a>'
            f'{f""" <span class="muted">({retired})</span>""" if r.retired else ""}\n'
            f'    <div class="small muted">{_escape(reasons.explain(r, None, public=public))}'
            f'{f" · {latest}: {_escape(shown)}" if shown else ""}</div>\n'
            f'    {f"""<div class="stale small">{_escape(reasons.say(r.stale))}</div>""" if r.stale else ""}</li>\n')
    out.append("</ul>\n")
    return mark_safe("".join(out))  # noqa: S308 - every part above is escaped


def chart_rows(rows) -> str:
    """The rows of a chart's table of numbers: series, period, value with two decimals at most."""
    esc, in_danish = _escaper(), formatting.danish()
    return mark_safe("".join(  # noqa: S308 - escaped
        f"<tr><td>{esc(series)}</td><td>{esc(period)}</td>"
        f"<td>{_escape(formatting.number(value, 2, in_danish=in_danish))}</td></tr>" for series, period, value in rows))


def organisation_total_rows(totals) -> str:
    """The rows of the national front page's table of municipalities (web/front.html): 98 of them, each
    with its strategies and colour counts; the template loop was two thirds of that page's time."""
    number = _escaper_of(localize)  # small counts repeat: each localized once
    address = _addresses("web:organisation")
    out = []
    for t in totals:
        strategies = ngettext("%(n)s strategy", "%(n)s strategies", t.strategies) % {"n": number(t.strategies)}
        counts = "".join(f'<td class="num"><span class="count c-{colour}">{number(n)}</span></td>'
                         for colour, n in t.summary.counts.items())
        out.append(f'\n      <tr><th scope="row"><a href="{_escape(address(t.slug))}">'
                   f'{_escape(t.name)}</a> <span class="muted small">{strategies}</span></th>{counts}</tr>\n    ')
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped (a colour is a word of ours)
