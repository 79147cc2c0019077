"""Interaction callbacks and the interaction webhook (follow-ups, ``@original``).

As on Discord: a callback must come within the deadline (3 s unless configured) or it gets
``404 Unknown interaction`` (10062); a second callback gets ``400 Interaction has already
been acknowledged`` (40060); the first follow-up after a deferral replaces the "thinking"
message; the interaction token is valid for 15 minutes.
"""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from .responses import (
    ALREADY_ACKNOWLEDGED,
    INVALID_WEBHOOK_TOKEN,
    UNKNOWN_INTERACTION,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    error,
    form_errors,
    invalid_form_body,
    json_response,
    no_content,
    not_found,
)
from .rest import Request, route
from .rest_messages import message_body
from .state import EPHEMERAL, LOADING, InteractionRecord

PONG, MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, AUTOCOMPLETE, MODAL = 1, 4, 5, 6, 7, 8, 9
ALLOWED_CALLBACKS = {
    1: {PONG},
    2: {MESSAGE, DEFERRED_MESSAGE, MODAL},
    3: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, MODAL},
    4: {AUTOCOMPLETE},
    5: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE},
}
INTERACTION_NAMES = {1: "ping", 2: "application command", 3: "component", 4: "autocomplete", 5: "modal submit"}


def _metadata(record: InteractionRecord) -> dict[str, Any]:
    payload = record.payload
    user = (payload.get("member") or {}).get("user") or payload.get("user")
    meta: dict[str, Any] = {"id": record.id, "type": record.type, "user": user,
                            "authorizing_integration_owners": {"0": record.guild_id or "0"}}
    if record.type == 2:
        meta["name"] = payload["data"]["name"]
        meta["command_type"] = payload["data"].get("type", 1)
    if record.type == 3 and record.component_message_id:
        meta["interacted_message_id"] = record.component_message_id
    if record.type == 5 and record.triggered_by is not None:
        meta["triggering_interaction_metadata"] = _metadata(record.triggered_by)
    return meta


def _new_message(req: Request, record: InteractionRecord, body: dict[str, Any], *, flags: int) -> dict[str, Any]:
    store = req.store
    extra = {"webhook_id": store.application_id, "application_id": store.application_id,
             "interaction_metadata": _metadata(record)}
    if record.type == 2:
        payload = record.payload
        extra["interaction"] = {"id": record.id, "type": record.type, "name": payload["data"]["name"],
                                "user": extra["interaction_metadata"]["user"]}
    kind = 20 if record.type == 2 and not record.original_id else 0
    message = store.build_message(record.channel_id, store.bot.payload(), {**body, "flags": flags},
                                  type=kind, extra=extra)
    store.store_message(message, guild_id=record.guild_id)
    return message


@route("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
async def callback(req: Request) -> web.Response:
    store, body = req.store, req.body or {}
    record = store.interactions.get(req.params["interaction_id"])
    if record is None or record.token != req.params["interaction_token"]:
        return not_found(UNKNOWN_INTERACTION, "interaction")
    ctype = body.get("type")
    if record.acknowledged:
        record.duplicate_callbacks += 1
        store.touch()
        return error(400, ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged.")
    if record.expired():
        record.late_callbacks.append(ctype)
        store.touch()
        return not_found(UNKNOWN_INTERACTION, "interaction")
    if ctype not in ALLOWED_CALLBACKS.get(record.type, set()):
        reason = (f"callback type {ctype} is not valid for a {INTERACTION_NAMES.get(record.type)} interaction "
                  f"(allowed: {sorted(ALLOWED_CALLBACKS.get(record.type, set()))})")
        req.server.record_violation(req.method, req.path, reason, body)
        return invalid_form_body(form_errors([(("type",), "INTERACTION_CALLBACK_TYPE_INVALID", reason)]))
    data = message_body(req, body.get("data") or {})
    flags = data.get("flags") or 0
    message: dict[str, Any] | None = None
    if ctype == MESSAGE:
        message = _new_message(req, record, data, flags=flags)
        record.original_id = message["id"]
    elif ctype == DEFERRED_MESSAGE:
        message = _new_message(req, record, {"content": ""}, flags=LOADING | (flags & EPHEMERAL))
        record.original_id = message["id"]
    elif ctype in (DEFERRED_UPDATE, UPDATE):
        record.original_id = record.component_message_id
        if ctype == UPDATE and record.original_id in store.messages:
            message = store.edit_message(record.original_id, data, guild_id=record.guild_id)
    elif ctype == AUTOCOMPLETE:
        record.autocomplete_choices = list(data.get("choices") or [])
    elif ctype == MODAL:
        record.modal = data
    record.callback_type, record.callback_data = ctype, data
    record.complete = ctype not in (DEFERRED_MESSAGE, DEFERRED_UPDATE)
    store.touch()
    if req.query.get("with_response", "").lower() not in ("1", "true"):
        return no_content()
    interaction: dict[str, Any] = {"id": record.id, "type": record.type, "channel_id": record.channel_id}
    if record.guild_id:
        interaction["guild_id"] = record.guild_id
    answer: dict[str, Any] = {"interaction": interaction}
    if message is not None:
        interaction.update(response_message_id=message["id"],
                           response_message_loading=bool(message["flags"] & LOADING),
                           response_message_ephemeral=bool(message["flags"] & EPHEMERAL))
        if ctype in (MESSAGE, UPDATE):  # Discord returns the message as a resource for these only
            answer["resource"] = {"type": ctype, "message": message}
    return json_response(answer)


def _record(req: Request) -> InteractionRecord | web.Response:
    record = req.store.interaction_by_token(req.params["webhook_token"])
    if record is None or req.params["webhook_id"] != req.store.application_id:
        return not_found(UNKNOWN_WEBHOOK, "Webhook")
    if time.monotonic() - record.created > req.server.config.interaction_token_lifetime:
        return error(401, INVALID_WEBHOOK_TOKEN, "Invalid Webhook Token")
    if not record.acknowledged:
        return not_found(UNKNOWN_WEBHOOK, "Webhook")
    return record


async def create_followup(req: Request) -> web.Response:
    record = _record(req)
    if isinstance(record, web.Response):
        return record
    store, body = req.store, message_body(req)
    original = store.messages.get(record.original_id or "")
    if record.callback_type == DEFERRED_MESSAGE and original is not None and original["flags"] & LOADING:
        # Discord: the first follow-up after a deferral edits the loading message.
        message = store.edit_message(original["id"], body, guild_id=record.guild_id)
    else:
        message = _new_message(req, record, body, flags=body.get("flags") or 0)
        record.followup_ids.append(message["id"])
    record.complete = True
    store.touch()
    if req.query.get("wait", "false").lower() in ("1", "true"):
        return json_response(message)
    return no_content()


async def interaction_message(req: Request) -> web.Response:
    record = _record(req)
    if isinstance(record, web.Response):
        return record
    store = req.store
    wanted = record.original_id if req.path.endswith("/@original") else req.params.get("message_id")
    allowed = {record.original_id, *record.followup_ids}
    message = store.messages.get(wanted or "")
    if message is None or wanted not in allowed:
        return not_found(UNKNOWN_MESSAGE, "Message")
    if req.method == "GET":
        return json_response(message)
    if req.method == "DELETE":
        store.delete_message(message["id"], guild_id=record.guild_id)
        return no_content()
    edited = store.edit_message(message["id"], message_body(req), guild_id=record.guild_id)
    record.complete = True
    store.touch()
    return json_response(edited)
