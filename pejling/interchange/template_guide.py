"""The Vejledning (instructions) sheet, written from the same column specs the reader uses."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from pejling.texts.cells import cell_text

from .template_columns import CHOICES, DOC_SHEET, LISTS_SHEET, SHEETS

INTRO = (
    ("Sådan bruger du skabelonen", "title"),
    ("Hvert ark er en del af strategien. Række 1 er overskrifterne: ret dem ikke, og tilføj ikke "
     "egne kolonner eller ark. En kolonne med * skal udfyldes. Tomme rækker springes over.", ""),
    ("Når du uploader filen, matches rækkerne på kode og nøgle: en kendt indsats eller indikator "
     "opdateres, en ny tilføjes. En upload sletter aldrig noget – at fjerne en række i arket sletter "
     "ikke noget i Pejling. Du ser først en forhåndsvisning af hvad der ændres.", ""),
    ("Hele filen kontrolleres før noget gemmes. Er der fejl, vises de alle på én gang med ark, række "
     "og kolonne, og intet gemmes.", ""),
    ("Tal", "heading"),
    ("Skriv tal som i Excel eller på dansk: 7,2 · 7,2 % · 1.234,5 · -3. »1.234« afvises, fordi det kan "
     "læses både som tusind og som en komma to; skriv 1234 eller 1,234.", ""),
    ("Perioder", "heading"),
    ("2019 · 2019/20 (skoleår) · 1. halvår 2021 · foråret 2019 · 3. kvt. 2013 · nov. 2020 · "
     "30.11.2019 – eller 2019-H1, 2019-Q3, 2019-11, 2019-11-30. En værdi for en periode gælder ved "
     "periodens slutning. En dato i en datocelle læses som den dag.", ""),
    ("Tekster og formler", "heading"),
    ("Formler læses aldrig: en celle med en formel afvises – skriv selve værdien. En tekst der "
     "begynder med = + - eller @ står i cellen med en apostrof foran; apostroffen hører ikke til "
     "teksten.", ""),
    ("Lister", "heading"),
    (f"Kolonner med faste valg har en rulleliste; de tilladte værdier står på arket {LISTS_SHEET}. "
     "Enheder, koder og nøgler vælges fra de andre ark (Enheder, Områder, Indsatser, Indikatorer).", ""),
    ("Personoplysninger", "heading"),
    ("Skriv roller (tovholder, centerchef), aldrig navne på børn eller medarbejdere.", ""),
)


def guide_write(ws, *, filled: bool):
    ws.title = "Vejledning"
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    row = 1
    for text, style in INTRO:
        cell = ws.cell(row=row, column=1 if style else 2, value=cell_text(text))
        if style:
            cell.font = Font(bold=True, size=14 if style == "title" else 12)
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[row].height = 15 * (len(text) // 95 + 1)
        row += 1
    if filled:
        ws.cell(row=row, column=2, value="Skabelonen er udfyldt med strategien, som den står i Pejling nu.")
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Arkene").font = Font(bold=True, size=12)
    row += 1
    ws.cell(row=row, column=1, value=DOC_SHEET).font = Font(bold=True)
    ws.cell(row=row, column=2, value="Organisationen og strategien: ét felt pr. række, værdien i kolonne B. "
                                     "Nøglerne binder filen til strategien i Pejling.").alignment = Alignment(
        wrap_text=True)
    row += 1
    for sheet in SHEETS:
        ws.cell(row=row, column=1, value=sheet.title).font = Font(bold=True)
        required = ", ".join(c.header for c in sheet.columns if c.required)
        text = f"{sheet.about} Én række er {sheet.rows_of}. Skal udfyldes: {required}."
        helps = "; ".join(f"{c.header}: {c.help}" for c in sheet.columns if c.help)
        if helps:
            text += f" ({helps}.)"
        cell = ws.cell(row=row, column=2, value=cell_text(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 * (len(text) // 95 + 1)
        row += 1
    ws.cell(row=row, column=1, value=LISTS_SHEET).font = Font(bold=True)
    ws.cell(row=row, column=2, value=f"De faste valg ({len(CHOICES)} lister). Arket læses ikke ved upload.")
