from pathlib import Path

import pejling

PO = Path(pejling.__file__).parent / "locale" / "da" / "LC_MESSAGES" / "django.po"


def test_it_translates_every_label_into_danish():
    untranslated, fuzzy = [], "#, fuzzy" in PO.read_text(encoding="utf-8").split("\n\n", 1)[1]
    for entry in PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        text = "\n".join(lines)
        if 'msgstr ""' in text and text.rstrip().endswith('msgstr ""'):
            untranslated.append(lines[0])
    assert untranslated == [] and not fuzzy
