"""Discord-shaped HTTP responses: exact JSON content type, error bodies and codes."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

# Error codes documented by Discord (https://discord.com/developers/docs/topics/opcodes-and-status-codes).
UNKNOWN_CHANNEL = 10003
UNKNOWN_GUILD = 10004
UNKNOWN_MESSAGE = 10008
UNKNOWN_WEBHOOK = 10015
UNKNOWN_APPLICATION_COMMAND = 10063
UNKNOWN_INTERACTION = 10062
CANNOT_EDIT_OTHERS_MESSAGE = 50005
CANNOT_SEND_EMPTY_MESSAGE = 50006
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013
INVALID_WEBHOOK_TOKEN = 50027
INVALID_FORM_BODY = 50035
ALREADY_ACKNOWLEDGED = 40060


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON response whose Content-Type is exactly ``application/json``.

    discord.py compares the header with ``==``; aiohttp's ``json_response`` appends a charset.
    """
    resp = web.Response(
        body=json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode(),
        status=status,
        headers=headers,
    )
    resp.headers["Content-Type"] = "application/json"
    return resp


def no_content(headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(status=204, headers=headers)


def error(status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return json_response(body, status=status)


def not_found(code: int, what: str) -> web.Response:
    return error(404, code, f"Unknown {what}")


def unauthorized() -> web.Response:
    return error(401, 0, "401: Unauthorized")


def forbidden(code: int = MISSING_PERMISSIONS, message: str = "Missing Permissions") -> web.Response:
    return error(403, code, message)


def invalid_form_body(errors: dict[str, Any]) -> web.Response:
    return error(400, INVALID_FORM_BODY, "Invalid Form Body", errors)


def form_errors(problems: list[tuple[tuple[str | int, ...], str, str]]) -> dict[str, Any]:
    """Build Discord's nested ``errors`` object from (path, code, message) triples."""
    tree: dict[str, Any] = {}
    for path, code, message in problems:
        node = tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
    return tree
