"""Acting as Discord's users: slash commands, subcommands, autocomplete, buttons and selects,
built from the commands the bot registered; and reading what the bot answered."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .models import ALL_PERMISSIONS, PERMISSIONS, Channel, Member, Role
from .reply import MessageView, NoReply, Reply, walk_components
from .state import InteractionRecord

if TYPE_CHECKING:
    from .server import LoopbackDiscord

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11


class UnknownCommand(AssertionError):
    """The command, subcommand or option is not among those the bot registered."""


class CommandNotAvailable(AssertionError):
    """Discord would not let this member use the command here."""


class Driver:
    def __init__(self, server: LoopbackDiscord) -> None:
        self.server = server
        self._seen: set[str] = set()
        # Server Settings → Integrations: per-command overrides of default_member_permissions.
        self._allowed: dict[str, set[str]] = {}

    # -- people ---------------------------------------------------------------------------
    @property
    def admin(self) -> Member:
        return self.server.admin

    @property
    def member(self) -> Member:
        return self.server.member

    def make_member(self, name: str, *, permissions: Any = None, roles: list[Role] | None = None) -> Member:
        return self.server.add_member(name, permissions=permissions, roles=roles)

    def make_admin(self, name: str = "another-admin") -> Member:
        return self.server.add_member(name, roles=[self.server.admin_role])

    def make_role(self, name: str, permissions: Any = 0) -> Role:
        return self.server.add_role(name, permissions)

    # -- commands -------------------------------------------------------------------------
    def allow_command(self, name: str, *, to: Member | Role | None = None) -> None:
        """What a server's admins do in Integrations: let a member, a role or (None) @everyone
        use a top-level command whatever its default_member_permissions say."""
        self._allowed.setdefault(name, set()).add(self.server.guild.id if to is None else to.id)

    def registered_commands(self, guild_id: str | None = None) -> list[dict[str, Any]]:
        store = self.server.store
        return store.guild_commands.get(guild_id or self.server.guild.id, []) + store.global_commands

    async def wait_for_commands(self, timeout: float = 2.0) -> list[dict[str, Any]]:  # noqa: ASYNC109
        try:
            return await self.server.store.wait_until(self.registered_commands, timeout)
        except TimeoutError:
            raise UnknownCommand(f"the bot registered no application commands within {timeout} s") from None

    def _resolve(self, command: str, member: Member, channel: Channel) -> tuple[dict[str, Any], dict[str, Any], list]:
        words = command.lstrip("/").split()
        if not words:
            raise UnknownCommand("empty command")
        registered = [c for c in self.registered_commands(channel.guild_id) if c.get("type", 1) == 1]
        cmd = next((c for c in registered if c["name"] == words[0]), None)
        if cmd is None:
            names = sorted("/" + c["name"] for c in registered)
            raise UnknownCommand(f"/{words[0]} is not registered; the bot registered: {names}")
        self._check_available(cmd, member, channel)
        node, chain = cmd, []
        for word in words[1:]:
            subs = [o for o in node.get("options") or [] if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
            sub = next((o for o in subs if o["name"] == word), None)
            if sub is None:
                raise UnknownCommand(f"/{' '.join(words)}: no subcommand {word!r}; has {[o['name'] for o in subs]}")
            node = sub
            chain.append(sub)
        subs = [o["name"] for o in node.get("options") or [] if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if subs:
            raise UnknownCommand(f"/{' '.join(words)} needs a subcommand: {subs}")
        return cmd, node, chain

    def _check_available(self, cmd: dict[str, Any], member: Member, channel: Channel) -> None:
        guild = self.server.guild_of(channel)
        perms = guild.channel_permissions(member, channel)
        required = int(cmd.get("default_member_permissions") or 0)
        if perms == ALL_PERMISSIONS:
            return
        if not perms & PERMISSIONS["use_application_commands"]:
            raise CommandNotAvailable(f"{member.name} cannot use application commands in #{channel.name}")
        if self._allowed.get(cmd["name"], set()) & {member.id, guild.id, *member.roles}:
            return
        if required & ~perms:
            missing = [n for n, bit in PERMISSIONS.items() if required & bit and not perms & bit]
            raise CommandNotAvailable(f"/{cmd['name']} is hidden from {member.name}: needs {missing}")

    def _options(
        self, node: dict[str, Any], given: dict[str, Any], resolved: dict[str, dict], focused: str | None
    ) -> list[dict[str, Any]]:
        declared = {o["name"]: o for o in node.get("options") or []}
        for name in given:
            if name not in declared:
                raise UnknownCommand(f"/{node['name']} has no option {name!r}; options: {sorted(declared)}")
        out = []
        for name, opt in declared.items():
            if name not in given:
                if opt.get("required") and name != focused:
                    raise UnknownCommand(f"/{node['name']}: option {name!r} is required")
                continue
            if name == focused:
                out.append({"name": name, "type": opt["type"], "value": str(given[name]), "focused": True})
            else:
                out.append({"name": name, "type": opt["type"], "value": self._value(opt, given[name], resolved)})
        return out

    def _value(self, opt: dict[str, Any], value: Any, resolved: dict[str, dict]) -> Any:
        kind, name = opt["type"], opt["name"]
        if opt.get("choices"):
            for choice in opt["choices"]:
                if value in (choice["value"], choice["name"]):
                    return choice["value"]
            raise UnknownCommand(f"option {name!r}: {value!r} is not one of {[c['name'] for c in opt['choices']]}")
        if kind == STRING:
            if not isinstance(value, str):
                raise UnknownCommand(f"option {name!r} takes a string, got {value!r}")
            if not opt.get("min_length", 0) <= len(value) <= opt.get("max_length", 6000):
                raise UnknownCommand(f"option {name!r}: Discord would refuse a string of length {len(value)}")
            return value
        if kind in (INTEGER, NUMBER):
            if isinstance(value, bool) or not isinstance(value, int if kind == INTEGER else (int, float)):
                raise UnknownCommand(f"option {name!r} takes a number, got {value!r}")
            low, high = opt.get("min_value"), opt.get("max_value")
            if (low is not None and value < low) or (high is not None and value > high):
                raise UnknownCommand(f"option {name!r}: {value} is outside [{low}, {high}]")
            return value
        if kind == BOOLEAN:
            if not isinstance(value, bool):
                raise UnknownCommand(f"option {name!r} takes a bool, got {value!r}")
            return value
        if kind in (USER, MENTIONABLE) and isinstance(value, Member):
            resolved.setdefault("users", {})[value.id] = value.user.payload()
            resolved.setdefault("members", {})[value.id] = value.payload(with_user=False)
            return value.id
        if kind in (ROLE, MENTIONABLE) and isinstance(value, Role):
            resolved.setdefault("roles", {})[value.id] = value.payload()
            return value.id
        if kind == CHANNEL:
            channel = self.server.channel(value)
            types = opt.get("channel_types")
            if types and channel.type not in types:
                raise UnknownCommand(f"option {name!r} accepts channel types {types}")
            perms = self.server.store.bot_permissions(self.server.guild_of(channel), channel)
            resolved.setdefault("channels", {})[channel.id] = {
                "id": channel.id, "name": channel.name, "type": channel.type, "permissions": str(perms),
                "parent_id": None, "guild_id": channel.guild_id, "position": channel.position,
                "topic": channel.topic, "nsfw": False, "flags": 0, "rate_limit_per_user": 0,
                "last_message_id": channel.last_message_id,
            }
            return channel.id
        raise UnknownCommand(f"option {name!r} (type {kind}) cannot take {value!r} in this harness")

    def _payload(self, member: Member, channel: Channel) -> dict[str, Any]:
        server, guild = self.server, self.server.guild_of(channel)
        perms = guild.channel_permissions(member, channel)
        return {
            "application_id": server.application_id,
            "version": 1,
            "guild_id": guild.id,
            "guild": {"id": guild.id, "locale": "en-US", "features": []},
            "channel_id": channel.id,
            "channel": {**channel.payload(), "permissions": str(perms)},
            "member": member.payload(permissions=perms),
            "app_permissions": str(server.store.bot_permissions(guild, channel)),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": guild.id},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }

    def _send(self, kind: int, payload: dict[str, Any], channel: Channel) -> InteractionRecord:
        server = self.server
        if not server.gateway.sessions:
            raise NoReply("no bot session on the gateway: is the bot running and ready?")
        guild_id = channel.guild_id
        record = server.store.new_interaction(kind, payload, channel.id, guild_id, server.config.interaction_deadline)
        server.gateway.dispatch("INTERACTION_CREATE", payload, guild_id)
        return record

    def _command_interaction(
        self, kind: int, command: str, member: Member | None, channel: Any, options: dict[str, Any],
        focused: str | None = None,
    ) -> InteractionRecord:
        member = member or self.member
        chan = self.server.channel(channel if channel is not None else next(iter(self.server.channels)))
        cmd, node, chain = self._resolve(command, member, chan)
        resolved: dict[str, dict] = {}
        leaf_options = self._options(node, options, resolved, focused)
        for sub in reversed(chain):
            leaf_options = [{"name": sub["name"], "type": sub["type"], "options": leaf_options}]
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1}
        if leaf_options:
            data["options"] = leaf_options
        if resolved:
            data["resolved"] = resolved
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        return self._send(kind, {**self._payload(member, chan), "data": data}, chan)

    async def invoke(
        self, command: str, /, *, member: Member | None = None, channel: Any = None,
        options: dict[str, Any] | None = None, timeout: float | None = None, wait: bool = True, **kwargs: Any,  # noqa: ASYNC109
    ) -> Reply:
        """Run a slash command (``"/quotes"``, ``"/digest subscribe"``) as ``member`` (default:
        the plain member) in ``channel`` (default: the first channel); options by keyword
        or in ``options``. Waits for the final answer unless ``wait=False``."""
        record = self._command_interaction(2, command, member, channel, {**(options or {}), **kwargs})
        reply = Reply(self, record)
        if wait:
            await self._settle(record, command, timeout)
        return reply

    async def autocomplete(
        self, command: str, /, focused: str, value: str = "", *, member: Member | None = None,
        channel: Any = None, options: dict[str, Any] | None = None, timeout: float | None = None, **kwargs: Any,  # noqa: ASYNC109
    ) -> list[dict[str, Any]]:
        """Type ``value`` into option ``focused`` and return the choices the bot offers."""
        given = {**(options or {}), **kwargs, focused: value}
        record = self._command_interaction(4, command, member, channel, given, focused=focused)
        await self._settle(record, f"{command} (autocomplete of {focused!r})", timeout)
        return list(record.autocomplete_choices or [])

    async def click(
        self, target: Any, *, custom_id: str | None = None, label: str | None = None,
        member: Member | None = None, timeout: float | None = None, wait: bool = True,  # noqa: ASYNC109
    ) -> Reply:
        """Click a button on a message (a Reply, MessageView or raw message) by custom_id or label."""
        message = self._message_of(target)
        buttons = [c for c in walk_components(message.get("components") or []) if c.get("type") == 2]
        button = next((b for b in buttons if (custom_id and b.get("custom_id") == custom_id)
                       or (label and b.get("label") == label)), None)
        if button is None:
            raise UnknownCommand(f"no button {custom_id or label!r}; buttons: "
                                 f"{[(b.get('label'), b.get('custom_id')) for b in buttons]}")
        if button.get("disabled"):
            raise CommandNotAvailable(f"button {button.get('label')!r} is disabled")
        data = {"custom_id": button["custom_id"], "component_type": 2, "id": button.get("id")}
        return await self._component(message, data, member, timeout, wait)

    async def select(
        self, target: Any, values: list[str], *, custom_id: str | None = None,
        member: Member | None = None, timeout: float | None = None, wait: bool = True,  # noqa: ASYNC109
    ) -> Reply:
        message = self._message_of(target)
        selects = [c for c in walk_components(message.get("components") or []) if c.get("type") in (3, 5, 6, 7, 8)]
        menu = next((s for s in selects if custom_id in (None, s.get("custom_id"))), None)
        if menu is None:
            raise UnknownCommand(f"no select menu {custom_id!r} on the message")
        allowed = {o["value"] for o in menu.get("options") or []}
        if menu.get("type") == 3 and not set(values) <= allowed:
            raise UnknownCommand(f"select {menu.get('custom_id')!r}: {values} not among {sorted(allowed)}")
        data = {"custom_id": menu["custom_id"], "component_type": menu["type"], "values": list(values)}
        return await self._component(message, data, member, timeout, wait)

    async def submit_modal(
        self, reply: Reply, values: dict[str, str], *, member: Member | None = None,
        timeout: float | None = None, wait: bool = True,  # noqa: ASYNC109
    ) -> Reply:
        """Fill in the modal the bot opened (``reply.modal``), by text input custom_id, and submit."""
        modal = reply.modal
        if modal is None:
            raise UnknownCommand(f"the bot did not open a modal (callback type {reply.callback_type})")
        known = [item["custom_id"] for comp in modal.get("components") or []
                 for item in comp.get("components") or ([comp["component"]] if comp.get("component") else [])
                 if item.get("type") == 4]
        unknown = set(values) - set(known)
        if unknown:
            raise UnknownCommand(f"the modal has no fields {sorted(unknown)}; fields: {known}")
        components = []
        for comp in modal.get("components") or []:
            inner = comp.get("components") or ([comp["component"]] if comp.get("component") else [])
            answered = []
            for item in inner:
                if item.get("type") != 4:
                    continue
                cid = item["custom_id"]
                value = values.get(cid, item.get("value") or "")
                if item.get("required", True) and not value:
                    raise UnknownCommand(f"modal field {cid!r} is required")
                if not item.get("min_length", 0) <= len(value) <= item.get("max_length", 4000):
                    raise UnknownCommand(f"modal field {cid!r}: Discord would refuse length {len(value)}")
                answered.append({"type": 4, "id": item.get("id"), "custom_id": cid, "value": value})
            if comp.get("type") == 18 and answered:
                components.append({"type": 18, "id": comp.get("id"), "component": answered[0]})
            elif answered:
                components.append({"type": 1, "id": comp.get("id"), "components": answered})
        source = reply.record
        chan = self.server.channel(source.channel_id)
        payload = {**self._payload(member or self.member, chan),
                   "data": {"custom_id": modal["custom_id"], "components": components}}
        if source.component_message_id and source.component_message_id in self.server.store.messages:
            payload["message"] = self.server.store.messages[source.component_message_id]
        record = self._send(5, payload, chan)
        record.component_message_id = source.component_message_id
        record.triggered_by = source
        if wait:
            await self._settle(record, f"modal {modal['custom_id']!r}", timeout)
        return Reply(self, record)

    async def _component(self, message: dict, data: dict, member: Member | None, timeout: float | None,  # noqa: ASYNC109
                         wait: bool) -> Reply:
        member = member or self.member
        chan = self.server.channel(message["channel_id"])
        payload = {**self._payload(member, chan), "data": data, "message": message}
        record = self._send(3, payload, chan)
        record.component_message_id = message["id"]
        if wait:
            await self._settle(record, f"component {data['custom_id']!r}", timeout)
        return Reply(self, record)

    def _message_of(self, target: Any) -> dict[str, Any]:
        if isinstance(target, Reply):
            target = target.message or (target.followups[-1] if target.followups else None)
        if isinstance(target, MessageView):
            target = target.raw
        if not isinstance(target, dict):
            raise UnknownCommand(f"not a message: {target!r}")
        return self.server.store.messages.get(target["id"], target)

    async def _settle(self, record: InteractionRecord, what: str, timeout: float | None) -> None:  # noqa: ASYNC109
        limit = timeout if timeout is not None else max(5.0, self.server.config.interaction_deadline + 1.0)
        try:
            await self.server.store.wait_until(lambda: record.complete, limit)
        except TimeoutError:
            if record.callback_type is None:
                state = f"no callback (late callbacks refused: {record.late_callbacks})"
            else:
                state = f"deferred (callback type {record.callback_type}) and never completed"
            violations = "; ".join(str(v) for v in self.server.violations) or "none"
            raise NoReply(f"the bot did not answer {what} within {limit} s: {state}; "
                          f"spec violations: {violations}") from None

    # -- channels ---------------------------------------------------------------------------
    def messages(self, channel: Any) -> list[MessageView]:
        """The channel's history (oldest first), as members would see it."""
        store = self.server.store
        chan_id = str(getattr(channel, "id", None) or self.server.channel(channel).id)
        return [MessageView(store.messages[i]) for i in store.history.get(chan_id, []) if i in store.messages]

    async def wait_for_message(
        self, channel: Any, *, check: Callable[[MessageView], bool] | None = None, timeout: float = 2.0  # noqa: ASYNC109
    ) -> MessageView:
        """The first message in ``channel`` matching ``check`` that no earlier call returned."""
        def find() -> MessageView | None:
            for view in self.messages(channel):
                if view.id not in self._seen and (check is None or check(view)):
                    return view
            return None

        try:
            view = await self.server.store.wait_until(find, timeout)
        except TimeoutError:
            raise NoReply(f"no matching message in {channel!r} within {timeout} s") from None
        self._seen.add(view.id)
        return view

    def post_message(self, channel: Any, content: str, *, author: Member | None = None) -> MessageView:
        """A member writes in a channel (MESSAGE_CREATE reaches the bot)."""
        author = author or self.member
        chan = self.server.channel(channel)
        store = self.server.store
        message = store.build_message(chan.id, author.user.payload(), {"content": content})
        store.store_message(message, guild_id=chan.guild_id)
        self._seen.add(message["id"])
        return MessageView(message)
