"""The clock the store's "not in the future" checks read (issue 13, point 8).

`now()` is the current moment, aware UTC. The environment variable CAMP_NOW (an ISO
time with its offset, `2026-12-16T18:00:00+08:00`) pins it: tests pin it, and so may
an organiser rehearsing next week's camp with visits dated inside it. Never set it on
a camp in progress: visits dated up to CAMP_NOW would then be accepted.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

ENV = "CAMP_NOW"


def now() -> datetime:
    pinned = os.environ.get(ENV, "").strip()
    if pinned:
        try:
            at = datetime.fromisoformat(pinned)
        except ValueError:
            raise ValueError(f"{ENV}={pinned!r} is not an ISO time with an offset") from None
        if at.tzinfo is None:
            raise ValueError(f"{ENV}={pinned!r} needs its offset, e.g. +08:00")
        return at.astimezone(UTC)
    return datetime.now(UTC)
