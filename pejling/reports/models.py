"""A published report is frozen: its content is the report document as it was when published."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pejling.plans.models import Strategy


class Audience(models.TextChoices):
    COMMITTEE = "committee", _("the political committee")
    PUBLIC = "public", _("the public")


class PublishedReport(models.Model):
    # SET_NULL: re-importing a strategy replaces it, but what was published stays published.
    strategy = models.ForeignKey(Strategy, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="published_reports", verbose_name=_("strategy"))
    strategy_slug = models.SlugField(_("strategy (slug)"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    as_of = models.DateField(_("as of"))
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    note = models.CharField(_("occasion"), max_length=300, blank=True,
                            help_text=_("e.g. the committee meeting 12 March 2020"))
    language = models.CharField(_("language"), max_length=10, default="da")
    content = models.JSONField(_("content"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["strategy_slug", "-published_at"])]
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")

    def __str__(self):
        return f"{self.title} ({self.as_of})"


class WantedReport(models.Model):
    """A live report someone downloaded (or viewed) as of its strategy's own date without filters, in a
    language: `pejling reports-ahead` makes it again after the strategy changes, until WANTED_DAYS after
    the last download. Which format, not who: no person is kept."""

    WANTED_DAYS = 30

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="+", verbose_name=_("strategy"))
    fmt = models.CharField(_("format"), max_length=8)  # a format of reports.render.FORMATS, or "page"
    language = models.CharField(_("language"), max_length=10)
    last_asked = models.DateField(_("last downloaded"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["strategy", "fmt", "language"], name="wanted_report_once")]
        verbose_name = _("wanted report")

    def __str__(self):
        return f"{self.strategy_id}: {self.fmt} ({self.language}), {self.last_asked}"
