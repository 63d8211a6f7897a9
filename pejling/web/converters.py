"""Initiative codes in addresses people can type and share: `#6` is written `/i/6/`, `9a` and `2.3` as
they are. The view finds the initiative either way; an old `/i/%236/` link is sent to the new form."""


class InitiativeCode:
    regex = ".+"  # codes may hold dots and slashes; the longer routes are listed first

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value.lstrip("#")
