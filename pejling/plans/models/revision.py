from django.db import models
from django.utils.translation import gettext_lazy as _

from .strategy import Strategy


class StrategyRevision(models.Model):
    """What a revision of a strategy changed, for a reader's memo of it (tracking.status_cache): the
    measurements of some indicators (`measurements_of`) and, with `plan`, whatever else of the strategy
    a plan edit changes (its areas, initiatives, indicators, targets, references, manual colours, notes),
    never another indicator's measurements nor a scale. So the memo reads again those measurements, and
    for a plan edit the plan, keeping every other measurement it holds. Written by `strategy_touch` in
    the transaction that makes the revision; a revision without a row may have changed anything. Only a
    strategy's last KEEP are kept. Derived, never edited."""

    KEEP = 100

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="revisions",
                                 verbose_name=_("strategy"))
    revision = models.PositiveIntegerField(_("revision"))
    measurements_of = models.JSONField(_("measurements of the indicators"), default=list)  # indicator ids
    plan = models.BooleanField(_("the plan"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["strategy", "revision"], name="strategy_revision_once")]
        verbose_name = _("strategy revision")
        verbose_name_plural = _("strategy revisions")

    def __str__(self):
        return f"{self.strategy_id}@{self.revision}"
