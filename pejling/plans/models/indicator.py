from django.db import models
from django.utils.translation import gettext_lazy as _

from pejling.assessment import groups

from ..audit import audited
from .initiative import Initiative
from .periods import clean_period
from .strategy import FocusArea, Scale, ScaleLevel, Strategy


class IndicatorKind(models.TextChoices):
    NUMERIC = "numeric", _("numeric")
    DISTRIBUTION = "distribution", _("distribution")
    MILESTONE = "milestone", _("milestone")
    QUALITATIVE = "qualitative", _("qualitative")


class Direction(models.TextChoices):
    UP = "up", _("good when up")
    DOWN = "down", _("good when down")
    NONE = "none", _("no direction")


class Horizon(models.TextChoices):
    SHORT = "short", _("short term")
    LONG = "long", _("long term")
    NONE = "", _("not stated")


class Frequency(models.TextChoices):
    """How often an indicator is expected to get a new value: older data are marked, not trusted."""
    YEARLY = "yearly", _("yearly")
    HALF_YEARLY = "half_yearly", _("half-yearly")
    QUARTERLY = "quarterly", _("quarterly")
    MONTHLY = "monthly", _("monthly")
    ONCE = "once", _("once")


class GroupValues(models.TextChoices):
    """What a group's number is (assessment.groups): whether the total's target means anything for it."""
    UNSTATED = groups.UNSTATED, _("not stated (a share in % is compared with the total's target)")
    RATES = groups.RATES, _("shares, rates or averages: the total's target applies to each group")
    COUNTS = groups.COUNTS, _("counts: the groups are parts of the total")


class GlideKind(models.TextChoices):
    NONE = "", _("none")
    RELATIVE = "relative", _("relative change per year (%)")
    ABSOLUTE = "absolute", _("absolute change per year")


class Indicator(models.Model):
    """How a goal is measured. Belongs to an initiative, a focus area or the strategy itself.

    `strategy` is always set (an indicator of an initiative carries its strategy too) so that
    a strategy's indicators are one query away; `initiative` or `focus_area` narrow the scope.
    """

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("strategy")
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators",
        verbose_name=_("focus area"),
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators",
        verbose_name=_("initiative"),
    )
    key = models.SlugField(_("key"), max_length=60, help_text=_("Unique within the strategy"))
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.TextField(_("name"))
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.NUMERIC)
    unit = models.CharField(_("unit"), max_length=60, blank=True, help_text=_("e.g. %, børn, fuldtidspersoner"))
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.NONE)
    method = models.TextField(_("measurement method"), blank=True)
    source = models.TextField(_("data source"), blank=True)
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.NONE, blank=True)
    group_values = models.CharField(
        _("the groups' numbers"), max_length=10, choices=GroupValues.choices, default=GroupValues.UNSTATED,
        blank=True, help_text=_("For an indicator measured for groups too (schools, districts): a count's groups "
                                "are not assessed against the total's target, only against their own"))
    scale = models.ForeignKey(
        Scale, on_delete=models.RESTRICT, null=True, blank=True, related_name="indicators", verbose_name=_("scale")
    )
    baseline_text = models.TextField(_("status / baseline as stated"), blank=True)
    target_text = models.TextField(_("target as stated"), blank=True)
    glide_kind = models.CharField(_("glide path"), max_length=10, choices=GlideKind.choices, default="", blank=True)
    glide_rate = models.DecimalField(_("glide path rate per year"), max_digits=10, decimal_places=4, null=True, blank=True)
    frequency = models.CharField(_("update frequency"), max_length=12, choices=Frequency.choices,
                                 default=Frequency.YEARLY)
    start_period = models.CharField(
        _("starts (period)"), max_length=20, blank=True,
        help_text=_("When work towards the goal starts; blank: the strategy's start"))
    retired_period = models.CharField(_("retired in"), max_length=20, blank=True)
    retired_reason = models.TextField(_("reason for retirement"), blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces",
        verbose_name=_("replaced by"),
    )
    # Optimistic concurrency: bumped by every save service; a form based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    history = audited(excluded_fields=["order"])

    class Meta:
        ordering = ["strategy", "order"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "key"], name="indicator_unique_key"),
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name if len(self.name) <= 80 else self.name[:77] + "…"

    def clean(self):
        clean_period(self.retired_period, "retired_period")
        clean_period(self.start_period, "start_period")

    @property
    def is_retired(self):
        return bool(self.retired_period or self.retired_reason)


class MilestoneManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=IndicatorKind.MILESTONE)


class Milestone(Indicator):
    """Aktivitet og milepæle: an indicator of kind milestone (done / on the way / not done)."""

    objects = MilestoneManager()

    class Meta:
        proxy = True
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")


class TargetKind(models.TextChoices):
    FINAL = "final", _("final target")
    INTERIM = "interim", _("interim target")


class TargetOrigin(models.TextChoices):
    LOCAL = "local", _("local")
    NATIONAL = "national", _("national")


class ChangeUnit(models.TextChoices):
    NONE = "", _("none")
    PERCENT = "percent", _("per cent of the baseline")
    POINTS = "points", _("units (percentage points for shares)")


class Bound(models.TextChoices):
    """A target that is a limit to stay within, not a point to reach."""
    NONE = "", _("a value to reach")
    CEILING = "ceiling", _("a ceiling (at most)")
    FLOOR = "floor", _("a floor (at least)")


class Target(models.Model):
    """Mål og måltal / delmål: a value (or a change from baseline) due at a period's end.

    Distribution targets have one row per scale level (5 % red, 15 % yellow, 80 % green).
    A change ("fall by 25 %") is kept as stated; the assessment resolves it against the baseline.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator"))
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices, default=TargetKind.FINAL)
    origin = models.CharField(_("origin"), max_length=10, choices=TargetOrigin.choices, default=TargetOrigin.LOCAL)
    period = models.CharField(_("due (period)"), max_length=20, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, editable=False)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    change = models.DecimalField(_("change from baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    change_unit = models.CharField(_("change unit"), max_length=10, choices=ChangeUnit.choices, default="", blank=True)
    bound = models.CharField(_("limit"), max_length=10, choices=Bound.choices, default="", blank=True)
    level = models.ForeignKey(
        ScaleLevel, on_delete=models.RESTRICT, null=True, blank=True, related_name="targets", verbose_name=_("scale level")
    )
    breakdown = models.CharField(_("breakdown"), max_length=100, blank=True)
    text = models.TextField(_("text"), blank=True)
    note = models.TextField(_("note"), blank=True)
    generated = models.BooleanField(_("generated from glide path"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = audited(excluded_fields=["order"])

    class Meta:
        ordering = ["indicator", "order", "id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def clean(self):
        p = clean_period(self.period, "period")
        self.due_date = p.end if p else None

    def __str__(self):
        parts = [str(self.value if self.value is not None else self.change or self.text)]
        if self.period:
            parts.append(self.period)
        return " ".join(parts)
