"""One run from claim to record, against a fake channel: what is posted, and what is stored."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from bot.db import Database
from bot.digest import deliveries, subscriptions
from bot.digest import runner as runner_module
from bot.digest.known import KnownItems
from bot.digest.runner import Policy, Runner
from bot.digest.schedule import Run
from bot.digest.sender import Broken, Rejected, Transient
from bot.digest.subscriptions import Request, Subscription
from bot.engine.briefing import assemble
from bot.settings import DigestSettings
from bot.story import Story
from tests.bot_fixtures import Clock
from tests.digest.conftest import SEED_A, SEED_B, FakeChannels, big_story, story_of, summary

CHANNEL, NOTIFY = 111_111_111_111_111_111, 222_222_222_222_222_222
T0 = dt.datetime(2025, 5, 13, 8, 0, tzinfo=dt.UTC)
DAY1 = Run(dt.datetime(2025, 5, 14, 9, 0, tzinfo=dt.UTC), dt.date(2025, 5, 14))
DAY2 = Run(dt.datetime(2025, 5, 15, 9, 0, tzinfo=dt.UTC), dt.date(2025, 5, 15))


class World:
    """A database, a story that grows, a clock and a channel: what a runner works with."""

    def __init__(self, db: Database, channels: FakeChannels, clock: Clock, quiet_day: str = "note") -> None:
        self.db, self.channels, self.clock = db, channels, clock
        self.story = story_of(SEED_A)
        self.known = KnownItems()
        self.settings = DigestSettings(default_time="09:00", quiet_day=quiet_day)
        self.retries: list[tuple[int, dt.datetime]] = []
        self.sub: Subscription | None = None

    def runner(self, **policy) -> Runner:
        return Runner(self.db, story=lambda: self.story, known=self.known, sender=self.channels,
                      settings=self.settings, clock=self.clock,
                      policy=Policy(**{"retry_base": 60.0, "retry_cap": 600.0, **policy}),
                      retry_at=lambda i, at: self.retries.append((i, at)),
                      notify_targets=lambda sub: [NOTIFY])

    async def setup(self) -> None:
        """Story A known at 08:00, the channel subscribes at 09:00, story B arrives at 10:00."""
        await self.known.remember(self.db, self.story, self.clock())
        self.clock.now += dt.timedelta(hours=1)
        self.sub, _ = await subscriptions.subscribe(
            self.db, Request.check(channel_id=CHANNEL, guild_id=1), defaults=self.settings, by=7,
            notify_channel_id=NOTIFY, now=self.clock())
        self.clock.now += dt.timedelta(hours=1)
        self.story = story_of(SEED_A, SEED_B)
        await self.known.remember(self.db, self.story, self.clock())

    async def rows(self) -> list[deliveries.Delivery]:
        return await deliveries.history(self.db, self.sub.id)


@pytest.fixture
async def world(any_database: Database, channels: FakeChannels) -> World:
    w = World(any_database, channels, Clock(T0))
    await w.setup()
    return w


def text_of(part) -> str:
    return "\n".join([part.content or ""] + [f"{c.title}\n{c.description}\n{c.footer or ''}" for c in part.cards])


async def test_a_run_posts_what_is_new_since_subscribing_once(world: World):
    world.clock.now = DAY1.due_at
    runner = world.runner()
    first = await runner.run_scheduled(world.sub.id, DAY1)
    again = await runner.run_scheduled(world.sub.id, DAY1)
    (part,) = world.channels.posted(CHANNEL)
    text = text_of(part)
    assert "Daily digest · Wed 14 May 2025" in text
    assert "There can be no negotiations while weapons are" in text  # Macron, from source B
    assert "· outlet not named · Mon 12 May 2025 · new" in text  # source B, in the list of sources
    assert "Ukrainian President Zelenskyy agrees to meet" in text  # coming up on 15 May
    assert "Putin had brushed aside Western calls" not in text  # source A was known before subscribing
    assert again is None
    (row,) = await world.rows()
    assert (row.state, row.run_key, row.message_ids) == ("sent", "2025-05-14", first.message_ids)
    assert row.summary == "3 new quotes, 1 new source; 1 coming up"


async def test_the_next_day_reports_only_what_came_after_and_a_quiet_day_is_one_line(world: World):
    world.clock.now = DAY1.due_at
    await world.runner().run_scheduled(world.sub.id, DAY1)
    world.clock.now = DAY2.due_at
    await world.runner().run_scheduled(world.sub.id, DAY2)
    day2 = world.channels.posted(CHANNEL)[1]
    assert day2.cards == ()
    assert day2.content.startswith("**Daily digest · Thu 15 May 2025** — no new developments since <t:")
    assert [r.state for r in await world.rows()] == ["sent", "sent"]


async def test_a_quiet_day_can_be_skipped(any_database: Database, channels: FakeChannels):
    w = World(any_database, channels, Clock(T0), quiet_day="skip")
    await w.setup()
    w.story = story_of(SEED_A)  # source B went away again: nothing new remains
    w.clock.now = DAY1.due_at
    await w.runner().run_scheduled(w.sub.id, DAY1)
    assert channels.posted(CHANNEL) == []
    (row,) = await w.rows()
    assert (row.state, row.summary) == ("skipped", "no new developments; 1 coming up")


@pytest.mark.parametrize("restart_after", [dt.timedelta(seconds=30), dt.timedelta(minutes=30)])
async def test_a_crash_between_posting_and_recording_does_not_post_again(world: World, restart_after):
    world.clock.now = DAY1.due_at
    world.channels.crash_after_post = True
    with pytest.raises(SystemExit):
        await world.runner().run_scheduled(world.sub.id, DAY1)
    (row,) = await world.rows()
    assert (row.state, row.parts_sent) == ("claimed", 0)
    world.channels.crash_after_post = False
    world.clock.now += restart_after  # soon: the nonce answers; later: the channel is read
    resumed = await world.runner().resume(row.id)
    assert len(world.channels.posted(CHANNEL)) == 1
    assert (resumed.state, resumed.parts_sent, resumed.attempts) == ("sent", 1, 2)


@pytest.mark.parametrize("reload_between", [False, True])
async def test_a_long_digest_is_split_and_a_crash_mid_way_resumes_with_the_rest(world: World, reload_between):
    world.story = big_story(60)
    await world.known.remember(world.db, world.story, world.clock())
    world.clock.now = DAY1.due_at
    runner = world.runner()
    sends = 0
    original = world.channels.send

    async def crash_on_third(sub, part, *, nonce):
        nonlocal sends
        sends += 1
        if sends == 3:
            raise SystemExit("crash before the third part was sent")
        return await original(sub, part, nonce=nonce)

    world.channels.send = crash_on_third
    with pytest.raises(SystemExit):
        await runner.run_scheduled(world.sub.id, DAY1)
    world.channels.send = original
    if reload_between:
        # A reload between the crash and the restart drops the first 20 items: the digest
        # composed again would fall into fewer parts, and part 3 would start elsewhere.
        shrunk = world.story.briefing
        world.story = Story(shrunk.model_copy(update={"quotes": shrunk.quotes[20:], "events": shrunk.events[20:]}))
    world.clock.now += dt.timedelta(minutes=5)
    done = await world.runner().resume((await world.rows())[0].id)
    posted = world.channels.posted(CHANNEL)
    assert (done.state, done.parts_sent) == ("sent", len(posted))
    assert done.parts == len(posted) >= 4
    assert [p.marker for p in posted] == [f"Daily digest · Wed 14 May 2025 · part {i}/{len(posted)}"
                                          for i in range(1, len(posted) + 1)]
    body = "\n".join(text_of(p) for p in posted)
    for i in range(60):
        assert body.count(f"quote{i} word{i}x0 ") == 1
        assert body.count(f"event{i} word{i}x0 ") == 1


async def test_transient_errors_are_retried_with_backoff_until_one_gets_through(world: World):
    world.clock.now = DAY1.due_at
    world.channels.failures = [Transient("Discord had a server error (500)"), Transient("rate limited by Discord")]
    runner = world.runner()
    first = await runner.run_scheduled(world.sub.id, DAY1)
    assert (first.state, first.detail, first.next_attempt_at) == (
        "retrying", "Discord had a server error (500)", DAY1.due_at + dt.timedelta(seconds=60))
    world.clock.now = first.next_attempt_at
    second = await runner.resume(first.id)
    assert second.next_attempt_at == world.clock.now + dt.timedelta(seconds=120)
    world.clock.now = second.next_attempt_at
    third = await runner.resume(first.id)
    assert (third.state, third.attempts) == ("sent", 3)
    assert len(world.channels.posted(CHANNEL)) == 1
    assert [at for _, at in world.retries] == [first.next_attempt_at, second.next_attempt_at]


async def test_transient_errors_stop_when_the_window_closes(world: World):
    world.clock.now = DAY1.due_at
    world.channels.failures = [Transient("the connection to Discord failed (ClientOSError)")] * 50
    runner = world.runner(grace=dt.timedelta(hours=1))
    delivery = await runner.run_scheduled(world.sub.id, DAY1)
    while delivery.state == "retrying":
        world.clock.now = delivery.next_attempt_at
        delivery = await runner.resume(delivery.id)
    assert delivery.state == "failed"
    assert delivery.detail.startswith("gave up after ")
    assert delivery.detail.endswith("attempts: the connection to Discord failed (ClientOSError)")
    assert world.channels.posted(CHANNEL) == []
    assert not (await subscriptions.get(world.db, channel_id=CHANNEL)).failing


async def test_a_broken_channel_stops_the_subscription_and_tells_the_admins_once(world: World):
    world.clock.now = DAY1.due_at
    world.channels.failures = [Broken("the channel was deleted")]
    runner = world.runner()
    delivery = await runner.run_scheduled(world.sub.id, DAY1)
    assert (delivery.state, delivery.detail) == ("failed", "the channel was deleted")
    sub = await subscriptions.get(world.db, channel_id=CHANNEL)
    assert (sub.failure, sub.failed_at) == ("the channel was deleted", DAY1.due_at)
    assert world.channels.notices == [(NOTIFY, f"The daily digest for <#{CHANNEL}> has stopped: the channel was "
                                                "deleted. Fix that, then run `/digest subscribe` for that channel "
                                                "to start it again.")]
    world.clock.now = DAY2.due_at
    sends = world.channels.sends
    assert await runner.run_scheduled(world.sub.id, DAY2) is None
    assert world.channels.sends == sends
    assert len(world.channels.notices) == 1
    assert [r.state for r in await world.rows()] == ["failed"]


async def test_a_message_discord_refuses_fails_the_run_but_not_the_subscription(world: World):
    world.clock.now = DAY1.due_at
    world.channels.failures = [Rejected("Discord refused the message (400, code 50035): Invalid Form Body")]
    delivery = await world.runner().run_scheduled(world.sub.id, DAY1)
    assert (delivery.state, delivery.detail) == ("failed", "Discord refused the message (400, code 50035): Invalid Form Body")
    assert not (await subscriptions.get(world.db, channel_id=CHANNEL)).failing


async def test_a_run_past_its_window_is_recorded_as_missed_and_not_posted(world: World):
    world.clock.now = DAY1.due_at + dt.timedelta(hours=7)
    assert await world.runner().run_scheduled(world.sub.id, DAY1) is None
    assert world.channels.posted(CHANNEL) == []
    (row,) = await world.rows()
    assert row.state == "missed"
    # The next digest still covers everything since subscribing.
    world.clock.now = DAY2.due_at
    await world.runner().run_scheduled(world.sub.id, DAY2)
    assert "There can be no negotiations" in text_of(world.channels.posted(CHANNEL)[0])


async def test_digest_now_is_extra_and_the_next_scheduled_one_continues_from_it(world: World):
    world.clock.now = DAY1.due_at - dt.timedelta(hours=1)
    now = await world.runner().run_now(world.sub, "interaction-1")
    assert now.run_key == "now:interaction-1"
    assert await world.runner().run_now(world.sub, "interaction-1") is None  # the same interaction again
    world.clock.now = DAY1.due_at
    await world.runner().run_scheduled(world.sub.id, DAY1)
    first, second = world.channels.posted(CHANNEL)
    assert "There can be no negotiations" in text_of(first)
    assert "no new developments" in second.content


async def test_a_new_delivery_never_reuses_an_old_nonce_even_with_a_reused_id(world: World):
    world.clock.now = DAY1.due_at - dt.timedelta(hours=1)
    first = await world.runner().run_now(world.sub, "interaction-1")
    await subscriptions.unsubscribe(world.db, CHANNEL)  # deletes its deliveries: SQLite may reuse the ids
    world.clock.now += dt.timedelta(minutes=1)
    world.sub, _ = await subscriptions.subscribe(world.db, Request.check(channel_id=CHANNEL, guild_id=1),
                                                 defaults=world.settings, by=7, notify_channel_id=NOTIFY,
                                                 now=world.clock())
    world.story = story_of(SEED_A)
    second = await world.runner().run_now(world.sub, "interaction-2")
    assert len(world.channels.posted(CHANNEL)) == 2
    assert first.message_ids != second.message_ids


def _edited_higher_up(source_id: str, shift: int = 57):
    """The summary of `source_id` as after an edit above its events: every offset moves."""
    s = summary(source_id)
    moved = tuple(e.model_copy(update={"provenance": tuple(
        p.model_copy(update={"start": p.start + shift, "end": p.end + shift}) for p in e.provenance)})
        for e in s.events)
    return s.model_copy(update={"events": moved})


async def test_an_edit_higher_up_in_an_article_does_not_announce_its_events_again(world: World):
    world.clock.now = DAY1.due_at
    await world.runner().run_scheduled(world.sub.id, DAY1)
    before = {e.id for e in world.story.briefing.events}
    world.story = Story(assemble([_edited_higher_up(SEED_A), _edited_higher_up(SEED_B)]))
    assert before.isdisjoint(e.id for e in world.story.briefing.events)  # every event has a new id
    world.clock.now += dt.timedelta(hours=1)
    assert await world.known.remember(world.db, world.story, world.clock()) == 0
    world.clock.now = DAY2.due_at
    await world.runner().run_scheduled(world.sub.id, DAY2)
    day2 = world.channels.posted(CHANNEL)[1]
    assert day2.content.startswith("**Daily digest · Thu 15 May 2025** — no new developments since <t:")
    assert [(r.state, r.summary.split(";")[0]) for r in await world.rows()] == [
        ("sent", "3 new quotes, 1 new source"), ("sent", "no new developments")]



async def test_digest_now_while_the_scheduled_run_is_retrying_does_not_post_its_items_again(world: World):
    world.clock.now = DAY1.due_at
    world.channels.failures = [Transient("Discord had a server error (500)")]
    runner = world.runner()
    scheduled = await runner.run_scheduled(world.sub.id, DAY1)
    assert scheduled.state == "retrying"
    world.clock.now += dt.timedelta(seconds=10)
    now = await runner.run_now(world.sub, "interaction-1")
    world.clock.now = scheduled.next_attempt_at
    await runner.resume(scheduled.id)
    on_request, daily = world.channels.posted(CHANNEL)
    assert on_request.content.startswith("**Digest on request · Wed 14 May 2025** — no new developments since")
    assert "There can be no negotiations" in text_of(daily)
    assert now.covered_from == scheduled.covered_until
    assert [(r.run_key, r.state) for r in await world.rows()] == [("2025-05-14", "sent"), ("now:interaction-1", "sent")]


@pytest.mark.parametrize("webhook", [True, False])
async def test_a_part_that_may_have_been_posted_is_not_sent_again_and_the_admins_hear_once(world: World, webhook):
    if webhook:  # no nonce at all
        url = "https://discord.com/api/webhooks/123456789012345678/" + "t" * 68
        await subscriptions.subscribe(world.db, Request.check(channel_id=CHANNEL, guild_id=1, webhook_url=url),
                                      defaults=world.settings, by=7, notify_channel_id=NOTIFY, now=world.clock())
    world.clock.now = DAY1.due_at
    world.channels.crash_after_post = True
    with pytest.raises(SystemExit):
        await world.runner().run_scheduled(world.sub.id, DAY1)
    world.channels.crash_after_post = False
    world.channels.history_unreadable = True  # a webhook-only channel the bot cannot read
    world.clock.now += dt.timedelta(minutes=30)  # past what a nonce covers
    (row,) = await world.rows()
    runner = world.runner()
    done = await runner.resume(row.id)
    assert len(world.channels.posted(CHANNEL)) == 1
    assert done.state == "failed"
    assert done.detail == ("stopped so as not to post twice: the attempt before was interrupted, it may already be "
                           "in the channel, and I could not read the channel's history to check (Missing Access)")
    assert world.channels.notices == [(NOTIFY, f"The daily digest for <#{CHANNEL}> of 14 May was interrupted and I "
                                                "cannot tell whether it reached the channel, so I did not send it "
                                                "again. Check the channel, and use `/digest now` there if the digest "
                                                "is missing.")]
    assert await runner.resume(row.id) is None  # over: nothing more is sent, nobody is told twice
    assert (len(world.channels.posted(CHANNEL)), len(world.channels.notices)) == (1, 1)
    assert not (await subscriptions.get(world.db, channel_id=CHANNEL)).failing



async def test_composing_a_digest_runs_off_the_event_loop(world: World, monkeypatch):
    threads = []
    real_layout, real_fresh = runner_module.layout, KnownItems._fresh

    def layout_spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_layout(*args, **kwargs)

    def fresh_spy(self, *args):
        threads.append(threading.current_thread())
        return real_fresh(self, *args)

    monkeypatch.setattr(runner_module, "layout", layout_spy)
    monkeypatch.setattr(KnownItems, "_fresh", fresh_spy)
    await world.known.remember(world.db, story_of(SEED_A, SEED_B), world.clock())
    world.clock.now = DAY1.due_at
    await world.runner().run_scheduled(world.sub.id, DAY1)
    assert "There can be no negotiations while weapons are" in text_of(world.channels.posted(CHANNEL)[0])
    assert len(threads) == 2
    assert threading.main_thread() not in threads
