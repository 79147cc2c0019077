"""One round of update posts for a channel, with the digests' exactly-once machinery.

A round covers the changes first seen since the channel's last round (its watermark) up to
now. It is claimed by inserting its delivery row, keyed by the watermark it starts from, so
two processes that saw the same reload (or a reload and a restart) cannot both post it; then
its messages are fixed and posted part by part by bot.digest.runner.Runner, nonce and
channel-history check included.

Quiet hours and the limit per hour delay a round (the service runs it again when they end),
they never drop a change: the next round starts from the same watermark.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.db.update_tables import UpdateDeliveryRow
from bot.digest import deliveries
from bot.digest.deliveries import DONE_WITH, Delivery
from bot.digest.layout import Part
from bot.digest.runner import Runner
from bot.digest.schedule import Run, zone
from bot.engine.text import plural
from bot.updates import store, subscriptions
from bot.updates.layout import layout
from bot.updates.subscriptions import UpdateSubscription

HOUR = dt.timedelta(hours=1)


class UpdateRunner(Runner):
    subs = subscriptions
    table = UpdateDeliveryRow
    what = "updates"

    async def run(self, sub_id: int) -> dt.datetime | None:
        """Post what is new for the channel, if anything and if it may now. Returns when to try
        again (the end of its quiet hours, or when the hour's limit frees a post), else None."""
        now = self.clock()
        sub = await subscriptions.get(self.db, sub_id=sub_id)
        if sub is None or sub.failing:
            return None
        if (quiet_ends := sub.quiet_ends(now)) is not None:
            return quiet_ends
        since = await deliveries.watermark(self.db, sub, table=self.table, covered=DONE_WITH)
        if not [c for c in await store.between(self.db, since, now) if sub.wants(c)]:
            return None
        sent = await deliveries.messages_since(self.db, sub.id, now - HOUR, table=self.table)
        if len(sent) >= sub.max_per_hour:
            return sent[len(sent) - sub.max_per_hour] + HOUR
        run = Run(now, now.astimezone(zone(sub.timezone)).date())
        delivery = await deliveries.claim(self.db, sub, run, run_key=f"after:{since.isoformat()}"[:64],
                                          window_ends_at=now + self.policy.grace, now=now, table=self.table,
                                          covered=DONE_WITH, serialize=store.RECORDING)
        if delivery is not None:
            await self._deliver_or_wait(sub, delivery)
        return None

    async def first_parts(self, sub: Any, delivery: Delivery) -> tuple[tuple[Part, ...], str, str]:
        changes = [c for c in await store.between(self.db, delivery.covered_from, delivery.covered_until)
                   if sub.wants(c)]
        # The posts of rounds claimed before this one, in the hour before it.
        sent = await deliveries.messages_since(self.db, sub.id, delivery.claimed_at - HOUR, table=self.table)
        earlier = [at for at in sent if at < delivery.claimed_at]
        parts = layout(changes, allowance=sub.max_per_hour - len(earlier), role_id=sub.ping_role_id)
        folded = len(changes) - len(parts) + 1 if len(parts) < len(changes) else 0
        summary = plural(len(changes), "update") + (f", {folded} folded into one post" if folded else "")
        return parts, summary, "nothing new for this channel's filters"

    def unsure_notice(self, sub: UpdateSubscription, delivery: Delivery, which: str) -> str:
        return (f"Update posts for <#{sub.channel_id}> were interrupted and I cannot tell whether {which} "
                "reached the channel, so I did not send it again. Check the channel; `/timeline` and `/quotes` "
                "have everything the updates announce.")

    def stopped_notice(self, sub: UpdateSubscription, reason: str) -> str:
        return (f"Update posts for <#{sub.channel_id}> have stopped: {reason}. "
                "Fix that, then run `/updates subscribe` for that channel to start them again.")
