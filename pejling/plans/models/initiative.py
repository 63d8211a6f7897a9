from django.db import models
from django.utils.translation import gettext_lazy as _

from ..audit import audited
from .organisation import Unit
from .periods import clean_period
from .strategy import FocusArea, Strategy


class InitiativeState(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class Initiative(models.Model):
    """Projekt / indsats / aktivitet: the fields of an action-plan sheet."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("strategy")
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives",
        verbose_name=_("focus area"),
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. #6, #9a, 2.3"))
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=400)
    subgoal = models.TextField(_("sub-goal"), blank=True)
    purpose = models.TextField(_("purpose / expected effect"), blank=True)
    challenges = models.TextField(_("challenges addressed"), blank=True)
    builds_on = models.TextField(_("builds on"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    economy = models.TextField(_("economy"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    monitoring = models.TextField(_("monitoring and evaluation"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=InitiativeState.choices, default=InitiativeState.ACTIVE)
    closed_period = models.CharField(_("closed in"), max_length=20, blank=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    units = models.ManyToManyField(Unit, through="InitiativeUnit", related_name="initiatives", verbose_name=_("units"))
    # Optimistic concurrency: bumped by every save service; a form based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    history = audited(excluded_fields=["order"])

    class Meta:
        ordering = ["strategy", "order"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="initiative_unique_code")
        ]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def clean(self):
        clean_period(self.closed_period, "closed_period")

    def __str__(self):
        return f"{self.code} {self.title}"


class InitiativeUnit(models.Model):
    """A unit's part in an initiative: responsible (lead) or participating."""

    LEAD = "lead"
    PARTICIPATING = "participating"
    ROLE_CHOICES = [(LEAD, _("responsible")), (PARTICIPATING, _("participating"))]

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="unit_links")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="initiative_links", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES, default=PARTICIPATING)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = audited(excluded_fields=["order"])

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "unit"], name="initiativeunit_unique")
        ]
        verbose_name = _("unit of initiative")
        verbose_name_plural = _("units of initiative")

    def __str__(self):
        return f"{self.unit} ({self.get_role_display()})"
