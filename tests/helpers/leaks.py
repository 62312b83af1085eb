"""Count what a kiosk keeps alive, to tell a leak (growth per visit) from a working set.

`census(kiosk)` counts, after a full garbage collection:
- Python objects of our own classes (kiosk, domain, sync, drivers), by class;
- the window's QObjects on the C++ side (screens, their items, models), which Python's gc cannot see;
- the items in the window's visual tree.
It first waits for every task runner to be idle: a task in flight is work, not a leak.
"""
from __future__ import annotations

import gc
from collections import Counter
from typing import Any

OURS = ("kiosk", "domain", "sync", "drivers")
# Kept on purpose up to a bound: the print journal remembers the last 50 jobs (staff reprints)
BOUNDED = {"drivers.printer.journal.PrintJob": 50, "domain.models.Receipt": 50}


def census(kiosk: Any) -> Counter[str]:
    from kiosk.qt import QObject
    from kiosk.tasks import TaskRunner
    from kiosk.walkthrough import pump, wait_until

    runners = [o for o in gc.get_objects() if isinstance(o, TaskRunner)]
    wait_until(lambda: not any(r.busy for r in runners), what="background tasks (link checks, lookups) to end")
    pump()
    gc.collect()
    counts: Counter[str] = Counter()
    for obj in gc.get_objects():
        kind = type(obj)
        module = getattr(kind, "__module__", "") or ""
        if isinstance(module, str) and module.split(".")[0] in OURS:
            counts[f"{module}.{kind.__qualname__}"] += 1
    counts["Qt: QObjects in the window"] = len(kiosk.window.findChildren(QObject))
    todo = [kiosk.window.contentItem()]
    while todo:
        item = todo.pop()
        counts["Qt: items in the visual tree"] += 1
        todo.extend(item.childItems())
    return counts


def leaks(before: Counter[str], after: Counter[str], visits: int) -> dict[str, str]:
    """What grew by at least one per visit from `before` to `after`, beyond the declared bounds:
    {what: "n → m"}. Less growth than that is work in flight on another thread (a row being sent, a task
    finishing), not something each visit leaves behind."""
    return {k: f"{before[k]} → {after[k]}" for k in after
            if after[k] - before[k] >= visits and after[k] > BOUNDED.get(k, -1)}
