"""A per-process memo of `strategy_status`, keyed by the strategy's revision: every write service
bumps the revision, so a cached status is never stale, and pages need no recomputation per request."""

from collections import OrderedDict
from datetime import date
from threading import Lock

from pejling.plans.models import Strategy

from .status import StrategyStatus, strategy_status

_MEMO: OrderedDict = OrderedDict()
_LOCK = Lock()
SIZE = 64


def strategy_status_cached(*, strategy: Strategy, as_of: date) -> StrategyStatus:
    """The same result as `strategy_status`; the caller must treat it as read-only."""
    key = (strategy.id, strategy.revision, as_of)
    with _LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]
    status = strategy_status(strategy=strategy, as_of=as_of)
    with _LOCK:
        _MEMO[key] = status
        while len(_MEMO) > SIZE:
            _MEMO.popitem(last=False)
    return status


def clear():
    with _LOCK:
        _MEMO.clear()
