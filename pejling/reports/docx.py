"""The report as a Word document the consultant can still edit: real headings (Heading 1–3, so
Word's navigation pane works), real tables with repeating header rows, charts as pictures. A
municipality's own .docx can be given as the template: its styles, headers and footers are used."""

import re
from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pejling.assessment.colours import Colour

from .chart_pool import charts_draw_ahead
from .charts import render_png
from .content import report_charts
from .tables import year_parts

TEXT_WIDTH = 17  # cm between A4 margins of 2 cm
CELL_SIZE = 17  # a table's text: 8.5 pt, in half-points
GREY = "57606A"  # a detail beneath a table's word, and a colour without a fill of its own
_BREAKS = re.compile(r"(\t|\r\n|\n|\r)")
FILLS = {c.value: c.hex.lstrip("#").upper() for c in Colour}


def _style(document, name, fallback=None):
    """A style by name, looked up once per document: each lookup searches every style in the file."""
    memo = document.__dict__.setdefault("_styles_found", {})
    if (name, fallback) not in memo:
        try:
            memo[name, fallback] = document.styles[name]
        except KeyError:
            memo[name, fallback] = document.styles[fallback] if fallback else None
    return memo[name, fallback]


def _styled(document, text: str, style):
    """A paragraph in a style found by `_style`: python-docx's own add_paragraph(style=…) searches every
    style of the file for the default one on each call (1 ms; a national report has hundreds)."""
    paragraph = document.add_paragraph(text)
    if style is not None:
        paragraph._p.style = style.style_id
    return paragraph


def _heading(document, text: str, level: int):
    style = _style(document, f"Heading {level}")
    return _styled(document, text, style) if style is not None else document.add_heading(text, level=level)


def _clear_body(document):
    """Keep a template's styles, headers and section settings, but not its example text."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _marker_runs(text, colour, size: int | None = CELL_SIZE) -> tuple:
    """● Grøn: the colour as a marker beside its word, so the word carries the meaning (WCAG 1.4.1)."""
    return _run("● ", colour=FILLS.get(colour, GREY), size=size), _run(text, bold=True, size=size)


def _marker(paragraph, text, colour):
    """The marker in a paragraph of the body, in its style's size."""
    for run in _marker_runs(text, colour, size=None):
        paragraph._p.append(run)


def _run(text: str, *, bold: bool = False, colour: str | None = None, size: int | None = CELL_SIZE):
    """A run (w:r), by default in a table's 8.5 pt, written as XML: python-docx's cell and run objects
    cost ~0.1 ms each, and the national strategy's tables have tens of thousands (0.9 of its 2.1 s)."""
    run, props = OxmlElement("w:r"), OxmlElement("w:rPr")
    if bold:
        props.append(OxmlElement("w:b"))
    if colour:
        props.append(OxmlElement("w:color", {qn("w:val"): colour}))
    if size:
        props.append(OxmlElement("w:sz", {qn("w:val"): str(size)}))  # half-points, in the schema's order
    run.append(props)
    for part in _BREAKS.split(text):  # as python-docx's run.text: a tab and a line break are elements
        if part == "\t":
            run.append(OxmlElement("w:tab"))
        elif part in ("\r\n", "\n", "\r"):
            run.append(OxmlElement("w:br"))
        elif part:
            t = OxmlElement("w:t", {qn("xml:space"): "preserve"})
            t.text = part
            run.append(t)
    return run


def _paragraph(*runs):
    p = OxmlElement("w:p")
    for r in runs:
        p.append(r)
    return p


def _cell(value, width: str, *, bold: bool = False):
    """A cell (w:tc) of its width in twips: a text, or (text, colour[, detail]): a coloured marker with
    its word, not a fill (WCAG 1.4.1), and the detail beneath in grey."""
    tc, props = OxmlElement("w:tc"), OxmlElement("w:tcPr")
    props.append(OxmlElement("w:tcW", {qn("w:w"): width, qn("w:type"): "dxa"}))
    tc.append(props)
    if isinstance(value, tuple):
        tc.append(_paragraph(*_marker_runs(value[0], value[1])))
        if len(value) > 2 and value[2]:
            tc.append(_paragraph(_run(value[2], colour=GREY)))
    else:
        text = str(value or "")
        tc.append(_paragraph(_run(text, bold=bold)) if text else _paragraph())
    return tc


def _table(document, header, rows, caption=None, widths=None):
    if caption:
        _styled(document, caption, _style(document, "Caption", "Normal"))
    if not widths:  # the first column names the row: give it room, share the rest
        rest = (TEXT_WIDTH - 6) / max(1, len(header) - 1)
        widths = [6] + [rest] * (len(header) - 1) if len(header) > 1 else [TEXT_WIDTH]
    table = document.add_table(rows=0, cols=len(header))
    style = _style(document, "Table Grid")
    if style is not None:
        table.style = style
    table.autofit = False
    for column, w in zip(table.columns, widths, strict=False):
        column.width = Cm(w)
    twips = [str(Cm(w).twips) for w in widths] + [str(Cm(widths[-1]).twips)] * (len(header) - len(widths))
    head = OxmlElement("w:tr")
    head_props = OxmlElement("w:trPr")
    head_props.append(OxmlElement("w:tblHeader", {qn("w:val"): "true"}))  # repeated on every page
    head.append(head_props)
    for text, w in zip(header, twips, strict=False):
        head.append(_cell(text, w, bold=True))
    tbl = table._tbl
    tbl.append(head)
    for values in rows:
        tr = OxmlElement("w:tr")
        for value, w in zip(values, twips, strict=True):
            tr.append(_cell(value, w))
        tbl.append(tr)
    return table


def _colour(item) -> tuple:
    return (item["label"], item["colour"])


def report_docx(doc: dict, template: str | None = None) -> bytes:
    charts_draw_ahead(report_charts(doc), kinds=("png",))
    document = Document(template) if template else Document()
    if template:
        _clear_body(document)
    else:
        section = document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.left_margin = section.right_margin = Cm(2)
        document.styles["Normal"].font.name = "Calibri"
        document.styles["Normal"].font.size = Pt(10)
    core = document.core_properties
    core.title, core.author, core.subject = doc["title"], doc["municipality"], doc["strategy"]["title"]

    _styled(document, doc["title"], _style(document, "Title", "Heading 1"))
    document.add_paragraph(" · ".join(p for p in (doc["municipality"], doc["strategy"]["kind"], doc["strategy"]["period"])
                                      if p))
    document.add_paragraph(_("Status as of %(d)s") % {"d": doc["as_of_label"]}).runs[0].bold = True

    if doc.get("introduction"):
        _heading(document, _("Introduction"), 1)
        _blocks(document, doc["introduction"])
    _heading(document, _("Summary"), 1)
    _blocks(document, doc.get("consultant_summary") or [])
    document.add_paragraph(doc["summary"]["text"])
    if doc["summary"].get("goal_text"):
        document.add_paragraph(doc["summary"]["goal_text"])
    if doc["public"]:
        document.add_paragraph(_("Counts below 5 are shown as “< 5” to protect the children and young people "
                                 "behind them."))
    if doc["strategy"]["vision"]:
        _heading(document, _("Vision"), 2)
        document.add_paragraph(doc["strategy"]["vision"])
    _table(document, [_("Colour"), _("Meaning")], [(_colour(x), x["meaning"].capitalize()) for x in doc["legend"]],
           caption=_("The colours"), widths=[3.5, 13.5])
    for rule in doc.get("rule_legend", []):
        _styled(document, rule["text"], _style(document, "List Bullet", "Normal"))
    document.add_paragraph(doc["rules"])
    _goals(document, doc.get("goals", []))

    _heading(document, _("Overview"), 1)
    _table(document, [_("Project"), _("Status (baseline/latest)"), _("Measurement method"), _("Targets"),
                      _("Participating centres"), _("Colour")],
           [(f'{o["code"]} {o["title"]}', o["status"], o["method"], o["targets"], o["units"], _colour(o))
            for o in doc["overview"]], widths=[3.2, 2.8, 2.4, 5.0, 2.2, 1.4])

    for fa in doc["focus_areas"]:
        _heading(document, f'{fa["label"]} {fa["code"]}: {fa["title"]}' if fa["code"] else fa["title"], 1)
        for ini in fa["initiatives"]:
            _initiative(document, ini)

    _heading(document, _("Needs attention"), 1)
    for a in doc["alerts"] or [{"code": "", "title": "", "text": _("No alerts.")}]:
        _styled(document, f'{a["code"]} {a["title"]}: {a["text"]}' if a["code"] else a["text"], _style(document, "List Bullet", "Normal"))
    if doc.get("outdated"):
        _heading(document, _("Needs an update"), 2)
        for a in doc["outdated"]:
            _styled(document, f'{a["code"]} {a["title"]}: {a["text"]}'.strip(), _style(document, "List Bullet", "Normal"))
    _heading(document, _("Appendix: methods and data sources"), 1)
    _table(document, [_("Indicator"), _("Measurement method"), _("Data source")],
           [(a["name"], a["method"], a["source"]) for a in doc["appendix"]])
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _initiative(document, ini):
    _heading(document, f'{ini["code"]} {ini["title"]}', 2)
    p = document.add_paragraph(_("Colour") + ": ")
    _marker(p, ini["label"] + (" (" + _("manual") + ")" if ini["manual"] else ""), ini["colour"])
    if ini["manual"]:
        document.add_paragraph(_("Assessment") + f' {ini["manual"]["period"]}: {ini["manual"]["reason"]} '
                               f'({_("computed")}: {ini["computed"]["label"]})')
    elif ini.get("decided_by"):
        document.add_paragraph(ini["decided_by"])
    if ini.get("manual_expired"):
        e = ini["manual_expired"]
        document.add_paragraph(_("The last manual assessment (%(c)s, %(p)s) has expired; the computed colour "
                                 "shows.") % {"c": e["label"], "p": e["period"]} + f' {e["reason"]}')
    for line in ini.get("outdated", []):
        document.add_paragraph(line).runs[0].italic = True
    if ini["closed"]:
        document.add_paragraph(ini["closed"]).runs[0].italic = True
    if ini["units"]:
        document.add_paragraph(ini["units"])
    for a in ini["alerts"]:
        document.add_paragraph(a).runs[0].bold = True
    if ini["milestones"]:
        _table(document, [_("Activity and milestones"), _("Status"), _("Comments")],
               [(m["name"] + (f'\n{m["retired"]}' if m["retired"] else ""),
                 (f'{m["label"]} {m["status"]}'.strip(), m["colour"]) if not m.get("reason") else
                 (f'{m["label"]} {m["status"]}'.strip(), m["colour"], m["reason"]),
                 "\n".join(f'{c["period"]}: {c["text"]}' for c in m["comments"])) for m in ini["milestones"]],
               caption=_("Activity and milestones"), widths=[5.0, 3.6, 8.4])
    captions = {"short": _("Expected results, short term"), "long": _("Expected results, long term"),
                "other": _("Results")}
    for group, rows in ini["results"].items():
        if rows:
            _results(document, rows, ini["years"], captions[group])
    for chart in ini["charts"]:
        _chart(document, chart)
    if ini["notes"]:
        _heading(document, _("Status notes"), 3)
        for n in ini["notes"]:
            p = document.add_paragraph()
            p.add_run((n["title"] or f'{_("Status")} {n["period"]}') + (f' ({n["role"]})' if n["role"] else "")
                      + ": ").bold = True
            p.add_run(n["text"])


def _results(document, rows, years, caption):
    table = [r for r in rows if not r.get("narrative")]
    for part in year_parts(years, caption) if table else ():  # tables that fit the page's width
        first, last, shown = part["first"], part["last"], part["years"]
        header = [_("Indicator")] + [_("Baseline (year)")] * first + list(shown) + [_("Target")] * last
        year = (TEXT_WIDTH - 5.0 - 2.2 * first - 2.6 * last) / max(1, len(shown))  # cm: room for "38,2 %"
        widths = [5.0] + [2.2] * first + [year] * len(shown) + [2.6] * last
        _table(document, header, [
            [r["name"] + (f'\n{r["retired"]}' if r["retired"] else "") + (f'\n{r["manual"]}' if r.get("manual") else "")]
            + [r["baseline"]["text"] + (f' ({r["baseline"]["year"]})' if r["baseline"]["year"] else "")] * first
            + [(r["values"].get(y) or {}).get("text", "") for y in shown] + [r["target"]["text"]] * last
            for r in table], caption=part["caption"], widths=widths)
    for r in rows:
        if r.get("narrative"):  # words per year read as paragraphs, not as narrow cells
            document.add_paragraph().add_run(r["name"]).bold = True
            for label, text in ([(_("Baseline"), r["baseline"]["text"])] + [(y, v["text"]) for y, v in r["values"].items()]
                                + [(_("Target"), r["target"]["text"])]):
                if text:
                    p = document.add_paragraph()
                    p.add_run(f"{label}: ").bold = True
                    p.add_run(text)


def _chart(document, chart):
    """A chart in a paragraph of its own, kept apart from the table above (LibreOffice drew it over the table)."""
    document.add_paragraph()
    picture = document.add_paragraph()  # what add_picture does, keeping the paragraph at hand
    shape = picture.add_run().add_picture(BytesIO(render_png(chart["spec"])), width=Cm(15))
    # The text alternative a screen reader says (Word's "Alternativ tekst"); python-docx has no public call
    shape._inline.docPr.set("descr", chart["description"])
    shape._inline.docPr.set("title", chart["name"])
    picture.paragraph_format.keep_with_next = True
    _styled(document, chart["name"], _style(document, "Caption", "Normal"))
    if chart.get("note"):  # what the picture leaves out, for every reader (the alt text says it too)
        _styled(document, chart["note"], _style(document, "Caption", "Normal"))


def _runs(paragraph, runs):
    for r in runs:
        run = paragraph.add_run(r["text"])
        run.bold, run.italic = r["bold"] or None, r["italic"] or None


def _blocks(document, blocks):
    """The consultant's limited Markdown (see markdown.py): headings, paragraphs and lists."""
    for b in blocks:
        if b["kind"] == "heading":
            _runs(_heading(document, "", 2), b["runs"])
        elif b["kind"] == "list":
            style = _style(document, "List Number" if b["ordered"] else "List Bullet", "Normal")
            for item in b["items"]:
                _runs(_styled(document, "", style), item)
        else:
            _runs(document.add_paragraph(), b["runs"])


def _goals(document, scopes):
    """Effect goals above the initiatives: colour and why, latest and target, their table and chart."""
    if not scopes:
        return
    _heading(document, _("Effect goals"), 1)
    for scope in scopes:
        _heading(document, scope["title"], 2)
        for g in scope["goals"]:
            _heading(document, g["name"], 3)
            p = document.add_paragraph()
            _marker(p, g["label"] + (" (" + _("manual") + ")" if g["manual"] else ""), g["colour"])
            p.add_run(" " + (g.get("manual_text") or g["reason"]))
            facts = [f'{_("Latest")}: {g["latest"]}' if g["latest"] else "",
                     f'{_("Target")}: {g["target"]}' if g["target"] else ""]
            if any(facts):
                document.add_paragraph(" · ".join(f for f in facts if f))
            if g["stale"]:
                document.add_paragraph(g["stale"]).runs[0].italic = True
            if g["rows"]:
                _results(document, g["rows"], g["years"], "")
            if g["chart"]:
                _chart(document, g["chart"])
