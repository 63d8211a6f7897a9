"""How a plan form is laid out for the person filling it in: fields in named sections, some folded
away until they matter, text areas as tall as their text, and fields that show only where they apply."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import FieldDoesNotExist

LINE_CHARS = 70  # about what one line of a text area holds on a laptop
MAX_ROWS = 20


class FittingTextarea(forms.Textarea):
    """A text area as tall as its text (at least `rows`, the default 2): a target's text is never
    cut off behind a one-line box. The page's script grows it further while someone types."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 2, **(attrs or {})})
        self.attrs.pop("cols", None)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        text = str(value or "")
        needed = sum(max(1, -(-len(line) // LINE_CHARS)) for line in text.split("\n")) if text else 0
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["rows"] = str(min(MAX_ROWS, max(int(widget_attrs.get("rows", 2)), needed)))
        widget_attrs["data-fit"] = "1"
        return context


@dataclass
class Section:
    legend: str | None
    folded: bool
    open: bool
    fields: list = field(default_factory=list)  # [(bound field, kinds it applies to, waits for a field)]


class SectionsMixin:
    """`sections`: [(legend or None, [field names], "" | "folded" | "advanced")]. A folded section opens
    when one of its fields has an error or a value other than the default; an advanced one only on an
    error. `applies` maps a field to the indicator kinds it matters for. `omitted_fields()` are left out
    (they do not apply at all); `waiting_fields()` are rendered hidden until the field they wait for is
    filled in (the script shows them)."""

    sections: list = []
    applies: dict[str, str] = {}
    waits_for: dict[str, str] = {"change_unit": "change"}

    def omitted_fields(self) -> set[str]:
        return set()

    def waiting_fields(self) -> set[str]:
        return set()

    def section_list(self) -> list[Section]:
        omitted, waiting = self.omitted_fields(), self.waiting_fields()
        listed = {name for _, names, *_ in self.sections for name in names}
        rest = [n for n, f in self.fields.items() if n not in listed and not f.widget.is_hidden]
        out = []
        for i, (legend, names, *how) in enumerate(self.sections):
            how = how[0] if how else ""
            names = [n for n in names + (rest if i == 0 else []) if n in self.fields and n not in omitted]
            bound = [self[n] for n in names]
            errors = any(bf.errors for bf in bound)
            changed = how == "folded" and any(self._differs_from_default(bf) for bf in bound)
            out.append(Section(legend, bool(how), errors or changed, [
                (bf, self.applies.get(bf.name, ""), self.add_prefix(self.waits_for[bf.name]) if bf.name in waiting else "")
                for bf in bound]))
        return [s for s in out if s.fields]

    def _differs_from_default(self, bf) -> bool:
        value = bf.value()
        if value in (None, "", [], False):
            return False
        try:
            default = self._meta.model._meta.get_field(bf.name).get_default()
        except FieldDoesNotExist:  # a form-only field
            default = None
        return str(value) != str(default if default is not None else "")
