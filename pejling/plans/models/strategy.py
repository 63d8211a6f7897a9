from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..audit import audited
from .organisation import Organisation, Unit


class Strategy(models.Model):
    """A policy, strategy or partnership with a period and a vision."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="strategies", verbose_name=_("organisation")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=80, blank=True, help_text=_("e.g. Politik, Styringsstrategi, Partnerskab")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    vision = models.TextField(_("vision"), blank=True)
    background = models.TextField(_("background"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    adopted_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adoption_note = models.CharField(_("adoption note"), max_length=300, blank=True)
    focus_area_label = models.CharField(
        _("focus area label"), max_length=60, default="Pejlemærke",
        help_text=_("The word this strategy uses: Pejlemærke, Bærende princip, Indsatsområde"),
    )
    assessment_rules = models.JSONField(
        _("assessment rules"), default=dict, blank=True,
        help_text=_("Thresholds, e.g. {\"green_max_gap\": 0.1, \"yellow_max_gap\": 0.25, \"no_effect_window\": 2}"),
    )
    report_introduction = models.TextField(
        _("report introduction"), blank=True,
        help_text=_("Opens the committee report after the front page. Plain text or simple Markdown."))
    report_summary = models.TextField(
        _("report summary"), blank=True,
        help_text=_("The consultant's summary for the committee. Plain text or simple Markdown."))
    published = models.BooleanField(
        _("published"), default=False,
        help_text=_("Published strategies can be read by everyone; others only by the organisation's own people."))
    # Optimistic concurrency: bumped by every save service; a form based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    history = audited()

    # Bumped by every write service: page caches key on it, so a change shows at once.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        ordering = ["organisation__name", "title"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self):
        return self.title

    def has_ended(self, today: date) -> bool:
        return self.ends_on is not None and self.ends_on < today

    def default_as_of(self, today: date) -> date:
        """The date a page, report or command shows by default: today, or the last day of a strategy
        that has ended (its status then is what it achieved, not what 2026 makes of old data)."""
        return self.ends_on if self.has_ended(today) else today

    @property
    def period_label(self):
        if self.starts_on and self.ends_on:
            return f"{self.starts_on.year}-{self.ends_on.year}"
        return ""


class FocusArea(models.Model):
    """Pejlemærke / bærende princip / indsatsområde: an ordered theme of a strategy."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("strategy")
    )
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # Optimistic concurrency: bumped by every save service; a form based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    history = audited(excluded_fields=["order"])

    class Meta:
        ordering = ["strategy", "order"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="focusarea_unique_code")
        ]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self):
        return f"{self.code}. {self.title}"


class Role(models.Model):
    """A responsibility held by a role, never a named person (tovholder, aktivitetsansvarlig)."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="roles", verbose_name=_("strategy")
    )
    initiative = models.ForeignKey(
        "plans.Initiative", on_delete=models.CASCADE, null=True, blank=True, related_name="roles",
        verbose_name=_("initiative"),
    )
    title = models.CharField(_("role"), max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="roles", verbose_name=_("unit")
    )
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = audited(excluded_fields=["order"])

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return self.title


class Scale(models.Model):
    """An ordered set of categories, e.g. Trivselslinealen or red/yellow/green position."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="scales", verbose_name=_("strategy")
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = audited()

    class Meta:
        ordering = ["strategy", "name"]
        constraints = [models.UniqueConstraint(fields=["strategy", "key"], name="scale_unique_key")]
        verbose_name = _("scale")
        verbose_name_plural = _("scales")

    def __str__(self):
        return self.name


class Polarity(models.TextChoices):
    GOOD = "good", _("good (more is better)")
    BAD = "bad", _("bad (fewer is better)")
    NEUTRAL = "neutral", _("neutral")


class ScaleLevel(models.Model):
    """One category of a scale, with whether more is good and the intervention tier."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="levels", verbose_name=_("scale"))
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    polarity = models.CharField(_("polarity"), max_length=10, choices=Polarity.choices, default=Polarity.NEUTRAL)
    tier = models.CharField(_("intervention tier"), max_length=100, blank=True)
    colour = models.CharField(_("colour"), max_length=20, blank=True)
    history = audited(excluded_fields=["order"])

    class Meta:
        ordering = ["scale", "order"]
        constraints = [models.UniqueConstraint(fields=["scale", "code"], name="scalelevel_unique_code")]
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")

    def __str__(self):
        return self.label
