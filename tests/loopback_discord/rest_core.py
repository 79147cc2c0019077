"""REST routes for the bot itself: users, application, gateway discovery, guilds, channels
and application command registration."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .models import PERMISSIONS
from .responses import (
    MISSING_ACCESS,
    UNKNOWN_APPLICATION_COMMAND,
    UNKNOWN_CHANNEL,
    UNKNOWN_GUILD,
    error,
    forbidden,
    json_response,
    no_content,
    not_found,
)
from .rest import Request, route


@route("GET", "/users/@me")
async def get_me(req: Request) -> web.Response:
    return json_response(req.store.bot.payload() | {"verified": True, "mfa_enabled": False, "email": None,
                                                    "locale": "en-US", "premium_type": 0})


@route("GET", "/users/{user_id}")
async def get_user(req: Request) -> web.Response:
    user = req.store.user(req.params["user_id"])
    if user is None:
        return not_found(10013, "User")
    return json_response(user.payload())


@route("GET", "/oauth2/applications/@me")
async def get_application(req: Request) -> web.Response:
    store = req.store
    return json_response({
        "id": store.application_id,
        "name": store.bot.username,
        "icon": None,
        "description": "",
        "summary": "",
        "type": None,
        "bot": store.bot.payload(),
        "is_monetized": False,
        "is_verified": False,
        "is_discoverable": False,
        "hook": True,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": req.server.gateway.application_flags,
        "flags_new": str(req.server.gateway.application_flags),
        "owner": store.owner.payload(),
        "team": None,
        "redirect_uris": [],
        "rpc_origins": [],
        "tags": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "approximate_guild_count": len(store.guilds),
        "approximate_user_install_count": 0,
        "approximate_user_authorization_count": 0,
        "explicit_content_filter": 0,
        "eligible_oauth2_scopes": ["applications.commands", "bot"],
        "integration_types_config": {"0": {}},
    })


@route("GET", "/gateway")
async def get_gateway(req: Request) -> web.Response:
    return json_response({"url": req.server.gateway_url})


@route("GET", "/gateway/bot")
async def get_gateway_bot(req: Request) -> web.Response:
    return json_response({
        "url": req.server.gateway_url,
        "shards": req.server.config.recommended_shards,
        "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1},
    })


@route("GET", "/guilds/{guild_id}")
async def get_guild(req: Request) -> web.Response:
    guild = req.store.guilds.get(req.params["guild_id"])
    if guild is None:
        return not_found(UNKNOWN_GUILD, "Guild")
    return json_response(guild.payload())


@route("GET", "/guilds/{guild_id}/channels")
async def get_guild_channels(req: Request) -> web.Response:
    guild = req.store.guilds.get(req.params["guild_id"])
    if guild is None:
        return not_found(UNKNOWN_GUILD, "Guild")
    return json_response([c.payload() for c in guild.channels.values()])


@route("GET", "/guilds/{guild_id}/members/{user_id}")
async def get_member(req: Request) -> web.Response:
    guild = req.store.guilds.get(req.params["guild_id"])
    if guild is None:
        return not_found(UNKNOWN_GUILD, "Guild")
    member = guild.members.get(req.params["user_id"])
    if member is None:
        return not_found(10007, "Member")
    return json_response(member.payload())


@route("GET", "/channels/{channel_id}")
async def get_channel(req: Request) -> web.Response:
    found = req.store.channel(req.params["channel_id"])
    if found is None:
        return not_found(UNKNOWN_CHANNEL, "Channel")
    guild, channel = found
    if not req.store.bot_permissions(guild, channel) & PERMISSIONS["view_channel"]:
        return forbidden(MISSING_ACCESS, "Missing Access")
    return json_response(channel.payload())


@route("POST", "/channels/{channel_id}/typing")
async def trigger_typing(req: Request) -> web.Response:
    if req.store.channel(req.params["channel_id"]) is None:
        return not_found(UNKNOWN_CHANNEL, "Channel")
    return no_content()


# -- application commands ---------------------------------------------------------------
def _command_list(req: Request) -> list[dict[str, Any]] | None:
    guild_id = req.params.get("guild_id")
    if guild_id is None:
        return req.store.global_commands
    if guild_id not in req.store.guilds:
        return None
    return req.store.guild_commands.setdefault(guild_id, [])


def _command_payload(req: Request, body: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    store = req.store
    kind = body.get("type") or 1
    perms = body.get("default_member_permissions")
    data: dict[str, Any] = {
        "id": existing["id"] if existing else store.ids.next(),
        "application_id": store.application_id,
        "version": store.ids.next(),
        "default_member_permissions": None if perms is None else str(perms),
        "type": kind,
        "name": body["name"],
        "name_localizations": body.get("name_localizations"),
        "description": body.get("description") or "",
        "description_localizations": body.get("description_localizations"),
        "dm_permission": body.get("dm_permission", True),
        "contexts": body.get("contexts"),
        "integration_types": body.get("integration_types") or [0],
        "nsfw": bool(body.get("nsfw")),
    }
    if body.get("options"):
        data["options"] = body["options"]
    if req.params.get("guild_id"):
        data["guild_id"] = req.params["guild_id"]
    return data


@route("GET", "/applications/{application_id}/commands")
@route("GET", "/applications/{application_id}/guilds/{guild_id}/commands")
async def list_commands(req: Request) -> web.Response:
    commands = _command_list(req)
    if commands is None:
        return not_found(UNKNOWN_GUILD, "Guild")
    return json_response(commands)


@route("PUT", "/applications/{application_id}/commands")
@route("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
async def overwrite_commands(req: Request) -> web.Response:
    if req.params["application_id"] != req.store.application_id:
        return error(403, 20012, "You are not authorized to perform this action on this application")
    commands = _command_list(req)
    if commands is None:
        return not_found(UNKNOWN_GUILD, "Guild")
    old = {(c["type"], c["name"]): c for c in commands}
    new = [_command_payload(req, b, old.get((b.get("type") or 1, b["name"]))) for b in req.body or []]
    commands[:] = new
    req.store.touch()
    return json_response(new)


@route("POST", "/applications/{application_id}/commands")
@route("POST", "/applications/{application_id}/guilds/{guild_id}/commands")
async def upsert_command(req: Request) -> web.Response:
    commands = _command_list(req)
    if commands is None:
        return not_found(UNKNOWN_GUILD, "Guild")
    body = req.body
    key = (body.get("type") or 1, body["name"])
    existing = next((c for c in commands if (c["type"], c["name"]) == key), None)
    data = _command_payload(req, body, existing)
    if existing is not None:
        commands[commands.index(existing)] = data
    else:
        commands.append(data)
    req.store.touch()
    return json_response(data, status=200 if existing else 201)


@route("GET", "/applications/{application_id}/commands/{command_id}")
@route("GET", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}")
@route("DELETE", "/applications/{application_id}/commands/{command_id}")
@route("DELETE", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}")
@route("PATCH", "/applications/{application_id}/commands/{command_id}")
@route("PATCH", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}")
async def one_command(req: Request) -> web.Response:
    commands = _command_list(req) or []
    existing = next((c for c in commands if c["id"] == req.params["command_id"]), None)
    if existing is None:
        return not_found(UNKNOWN_APPLICATION_COMMAND, "application command")
    if req.method == "GET":
        return json_response(existing)
    if req.method == "DELETE":
        commands.remove(existing)
        req.store.touch()
        return no_content()
    data = _command_payload(req, {**existing, **req.body}, existing)
    commands[commands.index(existing)] = data
    req.store.touch()
    return json_response(data)
