"""A per-process memo of `strategy_status`, checked against the strategy's revision: every write
service bumps the revision, so a cached status is never stale, and pages need no recomputation per
request. Beneath it a memo of what the assessment reads from the database (`strategy_inputs`), the same for
every date: a page for a new "as of" date is computed afresh, without reading the strategy again, and
after an entry only the measurements it changed are read again."""

from collections import OrderedDict
from datetime import date
from threading import Lock

from django.http import Http404

from pejling.plans import selectors
from pejling.plans.models import Strategy

from .status import (
    InitiativeStatus,
    StrategyInputs,
    StrategyStatus,
    initiative_assess,
    strategy_assess,
    strategy_inputs,
    strategy_inputs_update,
)

SIZE = 64
INPUTS_SIZE = 32  # a national strategy's inputs are about 3.5 MB
# What each memo may hold in all, counted in measurements (`_weight`): memory follows the strategies'
# measurements, not the number of entries (a strategy of 300,000 measurements took a worker to 1.2 GB
# within SIZE). Measured on a national strategy (7,560): inputs 440 bytes a measurement (3.2 MB), a
# status 33 (0.25 MB). So at most ~110 MB of inputs (about INPUTS_SIZE national strategies) and
# ~50 MB of statuses; one strategy larger than a budget is still kept, alone.
STATUS_WEIGHT = 1_500_000
INPUTS_WEIGHT = 250_000


class _Memo:
    """A small least-recently-used map, safe for threads, holding one revision per key: a value made
    for a newer revision replaces the older one, so a strategy changed thirty times in a row takes
    one place, not thirty (a national strategy's inputs are 3.5 MB). At most `size` entries, whose
    weights together stay within `budget`; the newest is kept whatever its weight."""

    def __init__(self, size: int, budget: int | None = None):
        self.size, self.budget, self.items, self.lock = size, budget, OrderedDict(), Lock()
        self.weight = 0  # of the entries held

    def get(self, key, revision: int, make, update=None, weight=None):
        """The value for this revision: kept, else `update(older value, its revision)` when that gives one
        (not None), else `make()`. `weight(value)`: what the value counts against the budget."""
        with self.lock:
            found = self.items.get(key)
            if found is not None and found[0] == revision:
                self.items.move_to_end(key)
                return found[1]
        value = update(found[1], found[0]) if update is not None and found is not None and found[0] < revision \
            else None
        if value is None:
            value = make()
        heavy = weight(value) if weight is not None else 1
        with self.lock:
            found = self.items.get(key)
            if found is None or found[0] <= revision:  # a slower request for an older revision keeps out
                if found is not None:
                    self.weight -= found[2]
                self.items[key] = (revision, value, heavy)
                self.weight += heavy
                self.items.move_to_end(key)
            while len(self.items) > 1 and (len(self.items) > self.size or
                                           self.budget is not None and self.weight > self.budget):
                self.weight -= self.items.popitem(last=False)[1][2]
        return value

    def peek(self, key, revision: int):
        """The value for this revision if there is one, else None; nothing is made."""
        with self.lock:
            found = self.items.get(key)
        return found[1] if found is not None and found[0] == revision else None

    def clear(self):
        with self.lock:
            self.items.clear()
            self.weight = 0


_STATUS = _Memo(SIZE, STATUS_WEIGHT)
_INPUTS = _Memo(INPUTS_SIZE, INPUTS_WEIGHT)
_STRATEGIES = _Memo(SIZE)


def _weight(inputs: StrategyInputs) -> int:
    """What a strategy's inputs, or a status made of them, count against a memo's budget."""
    return 1 + sum(1 + len(facts.observations) for _indicator, facts, _retired in inputs.indicators)


def strategy_read(*, slug: str, revision: tuple[int, int] | None = None) -> Strategy:
    """The strategy a page only reads (with its organisation and focus areas, as selectors.strategy_get
    has it), kept per revision: one small query for its id and revision instead of the two that read it
    (building those two was a fifth of an overview's time), none when the caller has just asked it
    (`revision`: the strategy's id and revision). 404 for an unknown slug. Read-only, as the status is:
    a page that changes the strategy reads it with strategy_get."""
    found = revision or selectors.strategy_revision(slug=slug)
    if found is None:
        raise Http404
    return _STRATEGIES.get(*found, lambda: selectors.strategy_get(slug=slug))


def strategy_inputs_cached(*, strategy: Strategy) -> StrategyInputs:
    """The strategy's inputs at its revision: kept, else the kept ones of an older revision with only the
    measurements an entry changed read again (status.strategy_inputs_update), else read whole."""
    return _INPUTS.get(strategy.id, strategy.revision, lambda: strategy_inputs(strategy=strategy),
                       update=lambda inputs, since: strategy_inputs_update(strategy=strategy, inputs=inputs,
                                                                           since=since), weight=_weight)


def strategy_status_cached(*, strategy: Strategy, as_of: date) -> StrategyStatus:
    """The same result as `strategy_status`; the caller must treat it as read-only."""
    weighed = []  # a status holds a point per measurement seen: it weighs what its inputs weigh

    def make():
        inputs = strategy_inputs_cached(strategy=strategy)
        weighed.append(_weight(inputs))
        return strategy_assess(strategy=strategy, inputs=inputs, as_of=as_of)
    return _STATUS.get((strategy.id, as_of), strategy.revision, make, weight=lambda _status: weighed[-1])


def initiative_status_cached(*, strategy: Strategy, initiative_id: int, as_of: date) -> InitiativeStatus:
    """The initiative's status as `strategy_status` has it; from the strategy's memo when that holds the
    date, else assessing only the initiative's own indicators (an initiative page for a new date)."""
    found = _STATUS.peek((strategy.id, as_of), strategy.revision)
    if found is not None:
        return next(s for fa in found.focus_areas for s in fa.initiatives if s.initiative.id == initiative_id)
    return initiative_assess(strategy=strategy, inputs=strategy_inputs_cached(strategy=strategy),
                             initiative_id=initiative_id, as_of=as_of)


def clear():
    _STATUS.clear()
    _INPUTS.clear()
    _STRATEGIES.clear()
