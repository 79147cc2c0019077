"""REST routes for channel messages, reactions and channel webhooks."""

from __future__ import annotations

import mimetypes
from typing import Any

from aiohttp import web

from .models import PERMISSIONS, Channel, Guild
from .responses import (
    CANNOT_EDIT_OTHERS_MESSAGE,
    INVALID_WEBHOOK_TOKEN,
    MISSING_ACCESS,
    MISSING_PERMISSIONS,
    UNKNOWN_CHANNEL,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    error,
    forbidden,
    form_errors,
    invalid_form_body,
    json_response,
    no_content,
    not_found,
)
from .rest import Request, route

VIEW, SEND = PERMISSIONS["view_channel"], PERMISSIONS["send_messages"]


def _channel(req: Request, need: int = VIEW) -> tuple[Guild, Channel] | web.Response:
    found = req.store.channel(req.params["channel_id"])
    if found is None:
        return not_found(UNKNOWN_CHANNEL, "Channel")
    perms = req.store.bot_permissions(*found)
    if not perms & VIEW:
        return forbidden(MISSING_ACCESS, "Missing Access")
    if need & ~perms:
        return forbidden(MISSING_PERMISSIONS, "Missing Permissions")
    return found


def build_attachments(req: Request, body: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Attachment objects for uploaded ``files[n]`` parts, described by ``attachments``."""
    described = {str(a.get("id")): a for a in (body or {}).get("attachments") or [] if isinstance(a, dict)}
    out = []
    for name, (filename, data, ctype) in req.files.items():
        index = name[6:-1] if name.startswith("files[") else name
        desc = described.get(index, {})
        att_id = req.store.ids.next()
        req.store.files[att_id] = data
        url = f"{req.server.http_base}/attachments/{req.params.get('channel_id', '0')}/{att_id}/{filename}"
        att = {"id": att_id, "filename": desc.get("filename") or filename, "size": len(data),
               "url": url, "proxy_url": url,
               # Discord names the type from the file, not from the part's header (application/octet-stream).
               "content_type": mimetypes.guess_type(filename)[0] or ctype or "application/octet-stream"}
        if desc.get("description"):
            att["description"] = desc["description"]
        out.append(att)
    return out


def message_body(req: Request, source: dict[str, Any] | None = None) -> dict[str, Any]:
    body = dict(req.body or {} if source is None else source)
    if req.files:
        body["_attachments"] = build_attachments(req, body)
    return body


@route("POST", "/channels/{channel_id}/messages")
async def create_message(req: Request) -> web.Response:
    need = SEND | (PERMISSIONS["attach_files"] if req.files else 0)
    found = _channel(req, need)
    if isinstance(found, web.Response):
        return found
    guild, channel = found
    store, body = req.store, message_body(req)
    nonce = body.get("nonce")
    if nonce is not None and body.get("enforce_nonce"):
        previous = store.recent_nonce(channel.id, nonce)
        if previous is not None:
            return json_response(previous)
    kind, extra = 0, {}
    ref = body.get("message_reference")
    if ref:
        target = store.messages.get(str(ref.get("message_id")))
        if target is None or target["channel_id"] != str(ref.get("channel_id", channel.id)):
            if ref.get("fail_if_not_exists", True):
                return invalid_form_body(form_errors(
                    [(("message_reference",), "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")]))
        else:
            kind = 19
            extra = {"message_reference": {"type": 0, "channel_id": channel.id, "message_id": target["id"],
                                           "guild_id": guild.id},
                     "referenced_message": target}
    message = store.build_message(channel.id, store.bot.payload(), body, type=kind, extra=extra)
    store.store_message(message, guild_id=guild.id)
    if nonce is not None and body.get("enforce_nonce"):
        store.remember_nonce(channel.id, nonce, message["id"])
    return json_response(message)


@route("GET", "/channels/{channel_id}/messages")
async def list_messages(req: Request) -> web.Response:
    found = _channel(req)
    if isinstance(found, web.Response):
        return found
    if not req.store.bot_permissions(*found) & PERMISSIONS["read_message_history"]:
        return json_response([])  # as Discord: no history permission reads as an empty channel
    try:
        limit = int(req.query.get("limit", 50))
    except ValueError:
        limit = -1
    if not 1 <= limit <= 100:
        return invalid_form_body(form_errors([(("limit",), "NUMBER_TYPE_MAX", "Must be between 1 and 100.")]))
    ids = req.store.history.get(found[1].id, [])
    if "before" in req.query:
        ids = [i for i in ids if int(i) < int(req.query["before"])]
    if "after" in req.query:
        ids = [i for i in ids if int(i) > int(req.query["after"])][:limit]
    if "around" in req.query:
        center = int(req.query["around"])
        older = [i for i in ids if int(i) <= center][-((limit + 1) // 2):]
        newer = [i for i in ids if int(i) > center][: limit // 2]
        ids = older + newer
    chosen = ids[-limit:]
    return json_response([req.store.messages[i] for i in reversed(chosen)])


@route("GET", "/channels/{channel_id}/messages/{message_id}")
@route("PATCH", "/channels/{channel_id}/messages/{message_id}")
@route("DELETE", "/channels/{channel_id}/messages/{message_id}")
async def one_message(req: Request) -> web.Response:
    found = _channel(req)
    if isinstance(found, web.Response):
        return found
    guild, channel = found
    store = req.store
    message = store.messages.get(req.params["message_id"])
    if message is None or message["channel_id"] != channel.id or message["flags"] & (1 << 6):
        return not_found(UNKNOWN_MESSAGE, "Message")
    mine = message["author"]["id"] == store.bot.id and "webhook_id" not in message
    if req.method == "GET":
        return json_response(message)
    if req.method == "DELETE":
        if not mine and not store.bot_permissions(guild, channel) & PERMISSIONS["manage_messages"]:
            return forbidden()
        store.delete_message(message["id"], guild_id=guild.id)
        return no_content()
    if not mine:
        return error(403, CANNOT_EDIT_OTHERS_MESSAGE, "Cannot edit a message authored by another user")
    return json_response(store.edit_message(message["id"], message_body(req), guild_id=guild.id))


@route("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me")
@route("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me")
async def own_reaction(req: Request) -> web.Response:
    need = PERMISSIONS["read_message_history"] | (PERMISSIONS["add_reactions"] if req.method == "PUT" else 0)
    found = _channel(req, need)
    if isinstance(found, web.Response):
        return found
    message = req.store.messages.get(req.params["message_id"])
    if message is None:
        return not_found(UNKNOWN_MESSAGE, "Message")
    reactions = message.setdefault("reactions", [])
    emoji = req.params["emoji_name"]
    entry = next((r for r in reactions if r["emoji"]["name"] == emoji), None)
    if req.method == "PUT" and entry is None:
        reactions.append({"emoji": {"id": None, "name": emoji}, "count": 1, "me": True,
                          "burst_colors": [], "count_details": {"burst": 0, "normal": 1},
                          "me_burst": False, "burst_count": 0})
    elif req.method == "DELETE" and entry is not None:
        reactions.remove(entry)
    req.store.touch()
    return no_content()


# -- channel webhooks --------------------------------------------------------------------
@route("POST", "/channels/{channel_id}/webhooks")
async def create_webhook(req: Request) -> web.Response:
    found = _channel(req, PERMISSIONS["manage_webhooks"])
    if isinstance(found, web.Response):
        return found
    hook = req.store.create_webhook(*found, name=(req.body or {}).get("name") or "Webhook")
    return json_response(hook.payload(req.store.bot))


@route("GET", "/channels/{channel_id}/webhooks")
async def list_webhooks(req: Request) -> web.Response:
    found = _channel(req, PERMISSIONS["manage_webhooks"])
    if isinstance(found, web.Response):
        return found
    hooks = [h for h in req.store.webhooks.values() if h.channel_id == found[1].id]
    return json_response([h.payload(req.store.bot) for h in hooks])


def _webhook(req: Request) -> Any:
    hook = req.store.webhooks.get(req.params["webhook_id"])
    if hook is None or req.store.channel(hook.channel_id) is None:
        return not_found(UNKNOWN_WEBHOOK, "Webhook")
    if "webhook_token" in req.params and req.params["webhook_token"] != hook.token:
        return error(401, INVALID_WEBHOOK_TOKEN, "Invalid Webhook Token")
    return hook


@route("GET", "/webhooks/{webhook_id}")
@route("GET", "/webhooks/{webhook_id}/{webhook_token}")
@route("DELETE", "/webhooks/{webhook_id}")
@route("DELETE", "/webhooks/{webhook_id}/{webhook_token}")
async def one_webhook(req: Request) -> web.Response:
    hook = _webhook(req)
    if isinstance(hook, web.Response):
        return hook
    if req.method == "DELETE":
        del req.store.webhooks[hook.id]
        return no_content()
    return json_response(hook.payload(req.store.bot if "webhook_token" not in req.params else None))


@route("POST", "/webhooks/{webhook_id}/{webhook_token}")
async def execute_webhook(req: Request) -> web.Response:
    from .rest_interactions import create_followup

    if req.params["webhook_id"] == req.store.application_id:
        return await create_followup(req)
    hook = _webhook(req)
    if isinstance(hook, web.Response):
        return hook
    body = message_body(req)
    author = {"id": hook.id, "username": body.get("username") or hook.name, "avatar": None,
              "discriminator": "0000", "public_flags": 0, "flags": 0, "bot": True, "global_name": None,
              "primary_guild": None}
    message = req.store.build_message(hook.channel_id, author, body,
                                      extra={"webhook_id": hook.id, "application_id": hook.application_id})
    req.store.store_message(message, guild_id=hook.guild_id)
    if req.query.get("wait", "false").lower() in ("1", "true"):
        return json_response(message)
    return no_content()


@route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
@route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
@route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
@route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
@route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
@route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
async def webhook_message(req: Request) -> web.Response:
    from .rest_interactions import interaction_message

    if req.params["webhook_id"] == req.store.application_id:
        return await interaction_message(req)
    hook = _webhook(req)
    if isinstance(hook, web.Response):
        return hook
    message = req.store.messages.get(req.params.get("message_id", ""))
    if message is None or message.get("webhook_id") != hook.id:
        return not_found(UNKNOWN_MESSAGE, "Message")
    return _apply(req, message, hook.guild_id)


def _apply(req: Request, message: dict[str, Any], guild_id: str | None) -> web.Response:
    if req.method == "GET":
        return json_response(message)
    if req.method == "DELETE":
        req.store.delete_message(message["id"], guild_id=guild_id)
        return no_content()
    return json_response(req.store.edit_message(message["id"], message_body(req), guild_id=guild_id))
