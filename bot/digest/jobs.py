"""Jobs at a moment, for every kind of post the bot makes on its own (digests, updates).

APScheduler holds the date jobs; each run is tracked, so stopping cancels the runs in flight
and `idle` tells that nothing due is waiting, and bounded, so a thousand runs due at one
minute wait their turn rather than each holding a database connection while the pacing
window lets their requests through.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

log = logging.getLogger(__name__)
UTC = dt.UTC
# APScheduler logs every job added and run at INFO: a thousand lines a day with a thousand
# subscriptions. The services log what matters themselves.
logging.getLogger("apscheduler").setLevel(logging.WARNING)


class Jobs:
    def __init__(self, concurrency: int, clock: Callable[[], dt.datetime], name: str) -> None:
        self.clock = clock
        self.name = name
        self.scheduler = AsyncIOScheduler(timezone=UTC, job_defaults={
            # A late job still runs: the runner decides, from the run's window, whether it may post.
            "misfire_grace_time": None, "coalesce": True, "max_instances": 1})
        self._tasks: set[asyncio.Task[Any]] = set()
        self._slots = asyncio.Semaphore(concurrency)

    def start(self) -> None:
        self.scheduler.start()

    async def stop(self) -> None:
        self.scheduler.shutdown(wait=False)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def add(self, job_id: str, at: dt.datetime, func: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> None:
        self.scheduler.add_job(self._tracked, DateTrigger(run_date=at), args=(func, *args), id=job_id,
                               replace_existing=True, name=job_id)

    def remove(self, *job_ids: str) -> None:
        for job in self.scheduler.get_jobs():
            if job.id in job_ids:
                job.remove()

    async def _tracked(self, func: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            async with self._slots:
                await func(*args)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s job %s%r failed", self.name, getattr(func, "__name__", func), args)
        finally:
            self._tasks.discard(task)

    def idle(self) -> bool:
        """No job due by now waits, and no run is in flight: nothing posts until the next job."""
        now = self.clock()
        return not self._tasks and not any(job.next_run_time and job.next_run_time <= now
                                           for job in self.scheduler.get_jobs())
