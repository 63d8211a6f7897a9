"""What a page shows of a result, decided once for templates and views."""

from __future__ import annotations


def visible_progress(result, public: bool) -> float | None:
    """The deciding series' progress, or None: a limit has none, and the public does not see one
    computed from shares that a count below 5 makes private."""
    head = result.decisive if result else None
    if head is None or head.limit or (public and result.withheld_now):
        return None
    return head.progress
