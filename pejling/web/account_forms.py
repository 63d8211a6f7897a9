"""Forms for organisations and the people in them (administrators' pages)."""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from pejling.plans.models import AccessRole, Unit


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=AccessRole.choices)
    units = forms.ModelMultipleChoiceField(
        label=_("Units (for a centre editor)"), queryset=Unit.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A centre editor enters data for the initiatives where one of these units is lead or "
                    "participating."))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = organisation.units.order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == AccessRole.CENTRE_EDITOR and not cleaned.get("units"):
            self.add_error("units", _("Choose at least one unit for a centre editor."))
        return cleaned


class InviteForm(RoleForm):
    username = forms.CharField(label=_("User name"), max_length=150,
                               help_text=_("An existing user name gives that person a role here too."))
    email = forms.EmailField(label=_("E-mail"), required=False)
    field_order = ["username", "email", "role", "units"]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("e.g. Ringsted Kommune"))
    slug = forms.CharField(label=_("Short name in addresses"), max_length=60, validators=[validate_slug],
                           help_text=_("Lower-case letters, digits and hyphens, e.g. ringsted"))
    kind = forms.CharField(label=_("Kind"), max_length=60, initial="Kommune", required=False)
