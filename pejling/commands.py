"""What Pejling's own management commands share: finding the strategy and reading a date,
with errors that say what would have worked."""

from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from pejling.assessment.periods import parse_day
from pejling.plans.models import Strategy
from pejling.texts.formatting import day_problem


def strategy_or_error(slug: str) -> Strategy:
    found = Strategy.objects.select_related("organisation").filter(slug=slug).first()
    if found is None:
        known = ", ".join(Strategy.objects.values_list("slug", flat=True)) or _("none")
        raise CommandError(_("no strategy »%(slug)s« (known: %(known)s)") % {"slug": slug, "known": known})
    return found


def as_of_or_error(text: str | None, strategy: Strategy | None = None) -> date:
    """The --as-of date; when not given, the strategy's default (today, or its end when it has ended)."""
    try:
        when = parse_day(text) if text and text.strip() else None
    except ValueError as exc:
        raise CommandError("--as-of " + day_problem(text, exc)) from None
    today = timezone.localdate()
    return when or (strategy.default_as_of(today) if strategy else today)


def acting_user_or_error(username: str | None):
    """`--as USER`: the person a script acts for, whose permissions then apply (pejling.plans.permissions).
    Without it the command runs with the operator's rights: whoever has the shell runs the installation."""
    if not username:
        return None
    from django.contrib.auth import get_user_model
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("--as: no active user »%(name)s«") % {"name": username})
    return user


def permission_or_error(allowed: bool, what: str) -> None:
    """`what` is what the user would do, translated: "change the strategy ringsted-…"."""
    if not allowed:
        raise CommandError(_("--as: the user may not %(what)s") % {"what": what})
