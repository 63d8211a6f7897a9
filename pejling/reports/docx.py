"""The report as a Word document the consultant can still edit: real headings (Heading 1–3, so
Word's navigation pane works), real tables with repeating header rows, charts as pictures. A
municipality's own .docx can be given as the template: its styles, headers and footers are used."""

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .charts import render_png

TEXT_WIDTH = 17  # cm between A4 margins of 2 cm
FILLS = {"green": "1A7F37", "yellow": "8A5A00", "red": "B3121F", "none": "57606A"}


def _style(document, name, fallback=None):
    try:
        return document.styles[name]
    except KeyError:
        return document.styles[fallback] if fallback else None


def _clear_body(document):
    """Keep a template's styles, headers and section settings, but not its example text."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _shade(cell, hex_fill):
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    props.append(shd)


def _repeat_header(row):
    props = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    props.append(el)


def _table(document, header, rows, caption=None, widths=None):
    if caption:
        document.add_paragraph(caption, style=_style(document, "Caption", "Normal"))
    table = document.add_table(rows=1, cols=len(header))
    style = _style(document, "Table Grid")
    if style is not None:
        table.style = style
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            if isinstance(value, tuple):  # (text, colour): a colour cell, text on the colour
                run = cell.paragraphs[0].add_run(value[0])
                run.bold = True
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                _shade(cell, FILLS.get(value[1], "FFFFFF"))
            else:
                cell.text = str(value or "")
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8.5)
    if not widths:  # the first column names the row: give it room, share the rest
        rest = (TEXT_WIDTH - 6) / max(1, len(header) - 1)
        widths = [6] + [rest] * (len(header) - 1) if len(header) > 1 else [TEXT_WIDTH]
    table.autofit = False
    for column, w in zip(table.columns, widths, strict=False):
        column.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=False):
            cell.width = Cm(w)
    return table


def _colour(item) -> tuple:
    return (item["label"], item["colour"])


def report_docx(doc: dict, template: str | None = None) -> bytes:
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

    document.add_paragraph(doc["title"], style=_style(document, "Title", "Heading 1"))
    document.add_paragraph(f'{doc["municipality"]} · {doc["strategy"]["kind"]} · {doc["strategy"]["period"]}')
    document.add_paragraph(_("Status as of %(d)s") % {"d": doc["as_of_label"]}).runs[0].bold = True

    document.add_heading(_("Summary"), level=1)
    document.add_paragraph(doc["summary"]["text"])
    if doc["public"]:
        document.add_paragraph(_("Counts below 5 are shown as “< 5” to protect the children and young people "
                                 "behind them."))
    _table(document, [_("Colour"), _("Meaning")], [(_colour(x), x["meaning"].capitalize()) for x in doc["legend"]],
           caption=_("The colours"), widths=[3.5, 13.5])
    document.add_paragraph(doc["rules"])

    document.add_heading(_("Overview"), level=1)
    _table(document, [_("Project"), _("Status (baseline/latest)"), _("Measurement method"), _("Targets"),
                      _("Participating centres"), _("Colour")],
           [(f'{o["code"]} {o["title"]}', o["status"], o["method"], o["targets"], o["units"], _colour(o))
            for o in doc["overview"]], widths=[3.6, 3.4, 2.6, 3.4, 2.4, 1.6])

    for fa in doc["focus_areas"]:
        document.add_heading(f'{fa["label"]} {fa["code"]}: {fa["title"]}' if fa["code"] else fa["title"], level=1)
        for ini in fa["initiatives"]:
            _initiative(document, ini)

    document.add_heading(_("Needs attention"), level=1)
    for a in doc["alerts"] or [{"code": "", "title": "", "text": _("No alerts.")}]:
        document.add_paragraph(f'{a["code"]} {a["title"]}: {a["text"]}' if a["code"] else a["text"],
                               style=_style(document, "List Bullet", "Normal"))
    document.add_heading(_("Appendix: methods and data sources"), level=1)
    _table(document, [_("Indicator"), _("Measurement method"), _("Data source")],
           [(a["name"], a["method"], a["source"]) for a in doc["appendix"]])
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _initiative(document, ini):
    document.add_heading(f'{ini["code"]} {ini["title"]}', level=2)
    p = document.add_paragraph(_("Colour") + ": ")
    p.add_run(ini["label"] + (" (" + _("manual") + ")" if ini["manual"] else "")).bold = True
    if ini["manual"]:
        document.add_paragraph(_("Assessment") + f' {ini["manual"]["period"]}: {ini["manual"]["reason"]} '
                               f'({_("computed")}: {ini["computed"]["label"]})')
    if ini["closed"]:
        document.add_paragraph(ini["closed"]).runs[0].italic = True
    if ini["units"]:
        document.add_paragraph(ini["units"])
    for a in ini["alerts"]:
        document.add_paragraph(a).runs[0].bold = True
    if ini["milestones"]:
        _table(document, [_("Activity and milestones"), _("Status"), _("Comments")],
               [(m["name"] + (f'\n{m["retired"]}' if m["retired"] else ""),
                 (f'{m["label"]} {m["status"]}'.strip(), m["colour"]),
                 "\n".join(f'{c["period"]}: {c["text"]}' for c in m["comments"])) for m in ini["milestones"]],
               caption=_("Activity and milestones"), widths=[5.5, 2.3, 9.2])
    captions = {"short": _("Expected results, short term"), "long": _("Expected results, long term"),
                "other": _("Results")}
    for group, rows in ini["results"].items():
        if not rows:
            continue
        header = [_("Indicator"), _("Baseline (year)")] + ini["years"] + [_("Target")]
        _table(document, header, [
            [r["name"] + (f'\n{r["retired"]}' if r["retired"] else ""),
             r["baseline"]["text"] + (f' ({r["baseline"]["year"]})' if r["baseline"]["year"] else "")]
            + [(r["values"].get(y) or {}).get("text", "") for y in ini["years"]] + [r["target"]["text"]]
            for r in rows], caption=captions[group])
    for chart in ini["charts"]:
        document.add_picture(BytesIO(render_png(chart["spec"])), width=Cm(15))
        document.add_paragraph(chart["name"], style=_style(document, "Caption", "Normal"))
    if ini["notes"]:
        document.add_heading(_("Status notes"), level=3)
        for n in ini["notes"]:
            p = document.add_paragraph()
            p.add_run((n["title"] or f'{_("Status")} {n["period"]}') + (f' ({n["role"]})' if n["role"] else "")
                      + ": ").bold = True
            p.add_run(n["text"])
