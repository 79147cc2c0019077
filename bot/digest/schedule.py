"""When a subscription's digest is due: one run per local calendar day, DST days included.

A run is identified by its local date. Its UTC instant comes from the local time on that
date in the subscription's zone:
- on a spring-forward day, a time inside the gap (02:30 when clocks jump 02:00 → 03:00)
  runs as far past the gap as it was into it (03:30 local), once;
- on a fall-back day, a time that happens twice (01:30) runs at its first occurrence only;
- a date the zone skipped entirely (Samoa, 30 December 2011) has no run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

UTC = dt.UTC
DAY = dt.timedelta(days=1)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@dataclass(frozen=True, order=True)
class Run:
    due_at: dt.datetime  # aware, UTC
    local_date: dt.date

    @property
    def key(self) -> str:
        """The claim key of a scheduled run: its local date."""
        return self.local_date.isoformat()


@dataclass(frozen=True)
class Schedule:
    at: dt.time
    tz: str

    def run_on(self, day: dt.date) -> Run | None:
        """The run for local date `day`, or None when the zone skipped that date."""
        # fold=0: the offset in force before a transition, which gives both rules above.
        local = dt.datetime.combine(day, self.at, tzinfo=zone(self.tz))
        due = local.astimezone(UTC)
        if due.astimezone(zone(self.tz)).date() != day:
            return None
        return Run(due, day)

    def next_after(self, instant: dt.datetime) -> Run:
        """The first run due strictly after `instant`."""
        day = instant.astimezone(zone(self.tz)).date() - DAY
        for offset in range(5):
            run = self.run_on(day + offset * DAY)
            if run is not None and run.due_at > instant:
                return run
        raise AssertionError(f"no run within 4 days after {instant} in {self.tz}")  # pragma: no cover

    def last_at_or_before(self, instant: dt.datetime) -> Run:
        """The latest run due at or before `instant`."""
        day = instant.astimezone(zone(self.tz)).date() + DAY
        for offset in range(5):
            run = self.run_on(day - offset * DAY)
            if run is not None and run.due_at <= instant:
                return run
        raise AssertionError(f"no run within 4 days before {instant} in {self.tz}")  # pragma: no cover

    def window_end(self, run: Run, grace: dt.timedelta) -> dt.datetime:
        """Until when `run` may still be posted (catch-up, retries): `grace` after it was due,
        and never as late as the next run, so two days can never be posted at once."""
        return min(run.due_at + grace, self.next_after(run.due_at).due_at - dt.timedelta(seconds=1))


def backoff(attempt: int, *, base: float, cap: float) -> dt.timedelta:
    """Wait before retry number `attempt` (1, 2, …): doubling from `base` seconds up to `cap`."""
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempt - 1)))


def owed(schedule: Schedule, now: dt.datetime, since: dt.datetime) -> Run | None:
    """The one run that may still be owed at `now`: the latest due one, if it fell due after
    the schedule was set (`since`). Older missed days are never owed, so they cannot stack up."""
    run = schedule.last_at_or_before(now)
    return run if run.due_at >= since else None
