"""Python's garbage collector in Pejling's processes. A full collection walks every object the process
holds, and a web worker or a command holds whole strategies (tracking/status_cache.py, status_document):
with Python's default of a collection every 700 new objects, full ones fell inside the requests that
read a whole strategy and doubled their p95 (the national overview after a plan change: 149 ms against
a median of 70; 75 with this), and `pejling status --all` at the national preset took 25-27 s instead
of 16-18."""

import gc

THRESHOLD = (50_000, 20, 20)  # a collection after 50,000 new objects (0.7 ms to walk them), not 700


def collect_less_often(*, freeze: bool = False) -> None:
    """`freeze`: what the process has loaded so far (Django, the apps, the models) stays for its whole life:
    never walked again (a web worker, once it has loaded the application)."""
    if freeze:
        gc.freeze()
    gc.set_threshold(*THRESHOLD)
