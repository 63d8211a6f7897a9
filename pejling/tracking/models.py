"""What happens over time: measurements, status notes, manual assessments, reference series."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pejling.assessment.colours import Colour, MilestoneState
from pejling.plans.audit import audited
from pejling.plans.models import FocusArea, Indicator, Initiative, ScaleLevel, Strategy
from pejling.plans.models.periods import clean_period


class MilestoneStatus(models.TextChoices):
    """The field choices of assessment.colours.MilestoneState (its values and labels)."""
    DONE = MilestoneState.DONE.value, _("Done")
    ON_THE_WAY = MilestoneState.ON_THE_WAY.value, _("On the way")
    NOT_DONE = MilestoneState.NOT_DONE.value, _("Not done")


class ColourChoice(models.TextChoices):
    """The field choices of assessment.colours.Colour (its values and labels)."""
    GREEN = Colour.GREEN.value, _("Green")
    YELLOW = Colour.YELLOW.value, _("Yellow")
    RED = Colour.RED.value, _("Red")
    NONE = Colour.NONE.value, _("Not assessed")


# How an indicator's measurements are read, the same on both databases: the baselines first, then by
# date, an undated baseline first (PostgreSQL sorts NULL last unless told, SQLite first), then group and
# category. Every read the engine, the pages or the prefetches make uses it.
MEASUREMENT_ORDER = ("-is_baseline", F("period_end").asc(nulls_first=True), "breakdown", "level__order")


class Measurement(models.Model):
    """One value for one period: a number, a milestone status, a text, or the count/share
    of one scale level. Baselines are measurements flagged `is_baseline` (their period may be
    unknown). A breakdown names a sub-group ("Nydanske", a school); blank is the total."""

    # No index of its own: the one on (indicator, period_end) below serves every look-up by indicator,
    # and each index is written for every row a measurements file brings
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements", db_index=False,
                                  verbose_name=_("indicator"))
    period = models.CharField(_("period"), max_length=20, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True, editable=False)
    period_end = models.DateField(_("period end"), null=True, blank=True, editable=False)
    is_baseline = models.BooleanField(_("baseline"), default=False)
    breakdown = models.CharField(_("breakdown"), max_length=100, blank=True)
    level = models.ForeignKey(ScaleLevel, on_delete=models.RESTRICT, null=True, blank=True, verbose_name=_("scale level"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("milestone status"), max_length=12, choices=MilestoneStatus.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("entered by"),
    )
    entered_by_name = models.CharField(_("entered by (name)"), max_length=150, blank=True)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    # Optimistic concurrency: bumped by every save service; a form based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    # The largest table after this one: no query looks its rows up by user or level, so those two
    # columns go without the index simple-history gives them (each index is work for every row imported).
    history = audited(no_db_index=["entered_by", "level"])

    class Meta:
        ordering = ["indicator", *MEASUREMENT_ORDER]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown", "is_baseline"],
                condition=Q(level__isnull=True), name="measurement_unique_total",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown", "is_baseline", "level"],
                condition=Q(level__isnull=False), name="measurement_unique_level",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period_end"])]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def clean(self):
        p = clean_period(self.period, "period", required=not self.is_baseline)
        self.period_start, self.period_end = (p.start, p.end) if p else (None, None)

    def __str__(self):
        shown = self.value if self.value is not None else (self.get_status_display() or self.text[:40])
        return f"{self.period or '—'}: {shown}"


class StatusNote(models.Model):
    """A dated narrative ("Status 2012: …") on a strategy, focus area, initiative or indicator."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="status_notes", verbose_name=_("strategy"))
    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, null=True, blank=True, related_name="status_notes", verbose_name=_("focus area"))
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="status_notes", verbose_name=_("initiative"))
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="status_notes", verbose_name=_("indicator"))
    period = models.CharField(_("period"), max_length=20, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    author_role = models.CharField(_("written by (role)"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = audited(excluded_fields=["order"])

    class Meta:
        ordering = ["period_end", "order", "id"]
        verbose_name = _("status note")
        verbose_name_plural = _("status notes")

    def clean(self):
        p = clean_period(self.period, "period", required=False)
        self.period_end = p.end if p else None

    def __str__(self):
        return f"{self.period}: {self.text[:60]}"


class Assessment(models.Model):
    """A person's colour for an initiative or indicator for a period, with the reason."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("strategy"))
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments", verbose_name=_("initiative"))
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments", verbose_name=_("indicator"))
    period = models.CharField(_("period"), max_length=20)
    period_end = models.DateField(_("period end"), null=True, blank=True, editable=False)
    colour = models.CharField(_("colour"), max_length=10, choices=ColourChoice.choices)
    reason = models.TextField(_("reason"))
    assessed_by_role = models.CharField(_("assessed by (role)"), max_length=200, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)
    history = audited()

    class Meta:
        ordering = ["period_end", "id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def clean(self):
        p = clean_period(self.period, "period", required=True)
        self.period_end = p.end if p else None

    def __str__(self):
        return f"{self.period}: {self.get_colour_display()}"


class ReferenceKind(models.TextChoices):
    NATIONAL = "national", _("national average")
    CLUSTER = "cluster", _("comparable municipalities")
    COMPARISON = "comparison", _("comparison group")


class ReferenceSeries(models.Model):
    """A series to compare an indicator with: the national average, the cluster, a group."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="references", verbose_name=_("indicator"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ReferenceKind.choices, default=ReferenceKind.NATIONAL)
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # Optimistic concurrency: a save of the series with its values claims the next version (plans/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    history = audited(excluded_fields=["order"])

    class Meta:
        ordering = ["indicator", "order", "id"]
        verbose_name = _("reference series")
        verbose_name_plural = _("reference series")

    def __str__(self):
        return self.name


class ReferenceValue(models.Model):
    series = models.ForeignKey(ReferenceSeries, on_delete=models.CASCADE, related_name="values", verbose_name=_("reference series"))
    period = models.CharField(_("period"), max_length=20)
    period_end = models.DateField(_("period end"), null=True, blank=True, editable=False)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    comment = models.TextField(_("comment"), blank=True)
    history = audited()

    class Meta:
        ordering = ["series", "period_end"]
        constraints = [models.UniqueConstraint(fields=["series", "period"], name="referencevalue_unique_period")]
        verbose_name = _("reference value")
        verbose_name_plural = _("reference values")

    def clean(self):
        p = clean_period(self.period, "period", required=True)
        self.period_end = p.end if p else None

    def __str__(self):
        return f"{self.period}: {self.value}"


class StrategySummary(models.Model):
    """What the front page shows of a strategy (colour counts, what needs attention or an update),
    computed from its status and stored with the revision and as-of date it was computed for: a stored
    summary whose revision or date is not the strategy's current one is recomputed before it is shown.
    A derived copy, never edited: `tracking.summaries` writes it."""

    strategy = models.OneToOneField(Strategy, on_delete=models.CASCADE, primary_key=True, related_name="summary",
                                    verbose_name=_("strategy"))
    revision = models.PositiveIntegerField(_("revision"))
    as_of = models.DateField(_("as of"))
    data = models.JSONField(_("data"), default=dict)

    class Meta:
        verbose_name = _("strategy summary")
        verbose_name_plural = _("strategy summaries")

    def __str__(self):
        return f"{self.strategy_id}@{self.revision} {self.as_of}"
