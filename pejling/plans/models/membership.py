from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisation import Organisation, Unit


class AccessRole(models.TextChoices):
    """What a person may do in one organisation. pejling.plans.permissions says what each role may."""

    ADMINISTRATOR = "administrator", _("administrator")
    CONSULTANT = "consultant", _("consultant")
    CENTRE_EDITOR = "centre-editor", _("centre editor")
    READER = "reader", _("reader")


class Membership(models.Model):
    """A person's role in an organisation; a centre editor's units say which initiatives are theirs.
    A person has at most one role per organisation and may belong to several organisations."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("user"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships",
                                     verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=20, choices=AccessRole.choices)
    units = models.ManyToManyField(Unit, blank=True, related_name="memberships", verbose_name=_("units"),
                                   help_text=_("For a centre editor: the units whose initiatives they enter data for."))
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
