"""The Vejledning (instructions) sheet, written from the same column specs the reader uses."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from pejling.texts.cells import cell_text

from .template_columns import CHOICES, DOC_SHEET, GUIDE_SHEET, LISTS_SHEET, SHEETS
from .template_layout import print_setup, row_height

TITLE = "Sådan bruger du skabelonen"
INTRO = (
    ("Arkene", "Hvert ark er en del af strategien. Række 1 er overskrifterne: ret dem ikke, og tilføj ikke "
     "egne kolonner eller ark. En kolonne med * skal udfyldes. Tomme rækker springes over."),
    ("Upload", "Når du uploader filen, matches rækkerne på kode og nøgle: en kendt indsats eller indikator "
     "opdateres, en ny tilføjes. En upload sletter aldrig noget – at fjerne en række i arket sletter "
     "ikke noget i Pejling. Du ser først en forhåndsvisning af, hvad der ændres."),
    ("Kontrol", "Hele filen kontrolleres, før noget gemmes. Er der fejl, vises de alle på én gang med ark, "
     "række og kolonne, og intet gemmes."),
    ("Tal", "Skriv tal som i Excel eller på dansk: 7,2 · 7,2 % · 1.234,5 · -3. »1.234« afvises, fordi det kan "
     "læses både som tusind og som en komma to; skriv 1234 eller 1,234."),
    ("Perioder", "2019 · 2019/20 (skoleår) · 1. halvår 2021 · foråret 2019 · 3. kvt. 2013 · nov. 2020 · "
     "30.11.2019 – eller 2019-H1, 2019-Q3, 2019-11, 2019-11-30. En værdi for en periode gælder ved "
     "periodens slutning. En dato i en datocelle læses som den dag."),
    ("Tekster og formler", "Formler læses aldrig: en celle med en formel afvises – skriv selve værdien. En tekst, "
     "der begynder med = + - eller @, står i cellen med en apostrof foran; apostroffen hører ikke til teksten."),
    ("Lister", f"Kolonner med faste valg har en rulleliste; de tilladte værdier står på arket {LISTS_SHEET}. "
     "Enheder, koder og nøgler vælges fra de andre ark (Enheder, Områder, Indsatser, Indikatorer)."),
    ("Personoplysninger", "Skriv roller (tovholder, centerchef), aldrig navne på børn eller medarbejdere."),
)
TEXT_STYLE = Alignment(wrap_text=True, vertical="top")


def _line(ws, row: int, label: str, text: str, size: int = 11):
    head = ws.cell(row=row, column=1, value=cell_text(label))
    head.font, head.alignment = Font(bold=True, size=size), Alignment(vertical="top", wrap_text=True)
    ws.cell(row=row, column=2, value=cell_text(text)).alignment = TEXT_STYLE
    row_height(ws, row, [(text, 100)], most=200)


def guide_write(ws, *, filled: bool):
    ws.title = GUIDE_SHEET
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 110
    print_setup(ws, one_page_wide=True)
    ws.print_title_rows = None
    ws.cell(row=1, column=1, value=cell_text(TITLE)).font = Font(bold=True, size=14)
    status = ("Skabelonen er udfyldt med strategien, som den står i Pejling nu." if filled else
              "Skabelonen er tom: overskrifter, lister og denne vejledning.")
    ws.cell(row=2, column=1, value=cell_text(status))
    row = 4
    for label, text in INTRO:
        _line(ws, row, label, text)
        row += 1
    row += 1
    ws.cell(row=row, column=1, value=cell_text("Ark for ark")).font = Font(bold=True, size=12)
    row += 1
    _line(ws, row, DOC_SHEET, "Organisationen og strategien: ét felt pr. række, værdien i kolonne B. "
                              "Nøglerne binder filen til strategien i Pejling.")
    for sheet in SHEETS:
        row += 1
        required = ", ".join(c.header for c in sheet.columns if c.required)
        text = f"{sheet.about} Én række er {sheet.rows_of}. Skal udfyldes: {required}."
        helps = " · ".join(f"{c.header}: {c.help}" for c in sheet.columns if c.help)
        _line(ws, row, sheet.title, f"{text}\n{helps}" if helps else text)
    _line(ws, row + 1, LISTS_SHEET, f"De faste valg ({len(CHOICES)} lister). Arket læses ikke ved upload.")
    ws.freeze_panes = "A4"
