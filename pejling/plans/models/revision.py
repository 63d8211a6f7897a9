from django.db import models
from django.utils.translation import gettext_lazy as _

from .strategy import Strategy


class StrategyRevision(models.Model):
    """A revision of a strategy that changed only the measurements of some of its indicators: what a
    reader's memo of the strategy (tracking.status_cache) needs to read again for it. Written by
    `strategy_touch` in the transaction that makes the revision; a revision without a row may have
    changed anything. Only a strategy's last KEEP are kept. Derived, never edited."""

    KEEP = 100

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="revisions",
                                 verbose_name=_("strategy"))
    revision = models.PositiveIntegerField(_("revision"))
    measurements_of = models.JSONField(_("measurements of the indicators"), default=list)  # indicator ids

    class Meta:
        constraints = [models.UniqueConstraint(fields=["strategy", "revision"], name="strategy_revision_once")]
        verbose_name = _("strategy revision")
        verbose_name_plural = _("strategy revisions")

    def __str__(self):
        return f"{self.strategy_id}@{self.revision}"
