"""The REST API: one entry point that does what Discord does to every request, in order:
match the route, authenticate, rate limit, apply injected faults, validate the body against
the OpenAPI document and the documented limits, then hand it to the route's handler."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import limits
from .responses import error, form_errors, invalid_form_body, unauthorized

if TYPE_CHECKING:
    from .server import LoopbackDiscord

Handler = Callable[["Request"], Awaitable[web.Response]]
ROUTES: dict[tuple[str, str], Handler] = {}


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        ROUTES[(method, template)] = fn
        return fn

    return register


@dataclass
class Request:
    server: LoopbackDiscord
    method: str
    path: str
    template: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)
    bot_auth: bool = False

    @property
    def store(self):
        return self.server.store


@dataclass
class RequestRecord:
    method: str
    path: str
    template: str | None
    status: int
    body: Any
    at: float


@dataclass
class Violation:
    method: str
    path: str
    reason: str
    body: Any = field(default=None, repr=False)

    def __str__(self) -> str:
        return f"{self.method} {self.path}: {self.reason}"


# Routes that authenticate with the token in the path, not the bot's Authorization header.
_TOKEN_ROUTES = ("/interactions/", "/webhooks/{webhook_id}/{webhook_token}")


async def handle(server: LoopbackDiscord, request: web.Request) -> web.Response:
    method = request.method
    path = "/" + request.match_info["tail"]
    spec = server.spec
    match = spec.match(path)
    if match is None or method not in match.methods:
        where = "path" if match is None else f"method for {match.template}"
        server.record_violation(method, path, f"not in Discord's API spec ({where} unknown)")
        resp = error(404 if match is None else 405, 0, "404: Not Found" if match is None else "405: Method Not Allowed")
        server.log_request(method, path, None, resp.status, None)
        return resp
    template = match.template
    bot_auth = request.headers.get("Authorization") == f"Bot {server.store.token}"
    token_route = any(template.startswith(p) for p in _TOKEN_ROUTES)
    if not bot_auth and not token_route:
        server.log_request(method, path, template, 401, None)
        return unauthorized()

    limited, rl_headers = server.ratelimits.check(method, template, match.params, bot_auth=bot_auth, path=path)
    if limited is not None:
        server.log_request(method, path, template, 429, None)
        return limited
    faulted = await server.faults.apply(method, template, path)
    if faulted is not None:
        server.log_request(method, path, template, faulted.status, None)
        return faulted

    try:
        body, files = await _parse_body(request)
    except ValueError as exc:
        server.record_violation(method, path, str(exc))
        server.log_request(method, path, template, 400, None)
        return error(400, 50109, "The request body contains invalid JSON.")
    too_big = [name for name, (_f, data, _t) in files.items() if len(data) > limits.ATTACHMENT_MAX_BYTES]
    if too_big:
        server.record_violation(method, path, f"{', '.join(too_big)}: over {limits.ATTACHMENT_MAX_BYTES} bytes")
        server.log_request(method, path, template, 413, None)
        return error(413, 40005, "Request entity too large")
    problems = validate(server, method, template, body, files)
    if problems:
        tree = form_errors(problems)
        for where, _code, message in problems:
            dotted = ".".join(str(p) for p in where) or "(body)"
            server.record_violation(method, path, f"{dotted}: {message}", body)
        server.log_request(method, path, template, 400, body)
        return invalid_form_body(tree)

    handler = ROUTES.get((method, template))
    if handler is None:
        server.record_violation(method, path, f"{method} {template} is not implemented by the loopback server")
        server.log_request(method, path, template, 404, body)
        return error(404, 0, "404: Not Found")
    req = Request(server, method, path, template, match.params, dict(request.query), body, files, bot_auth)
    resp = await handler(req)
    for key, value in rl_headers.items():
        resp.headers[key] = value
    if server.config.check_responses and resp.body and resp.content_type == "application/json":
        for where, _code, message in spec.validate_response(template, method, resp.status, json.loads(resp.body)):
            dotted = ".".join(str(p) for p in where) or "(body)"
            server.record_violation(method, path, f"loopback server answered off-spec: {dotted}: {message}")
    server.log_request(method, path, template, resp.status, body)
    return resp


async def _parse_body(request: web.Request) -> tuple[Any, dict[str, tuple[str, bytes, str]]]:
    files: dict[str, tuple[str, bytes, str]] = {}
    if not request.body_exists:
        return None, files
    if request.content_type == "multipart/form-data":
        body: Any = None
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = (value.filename, value.file.read(), value.content_type)
            elif name == "payload_json":
                try:
                    body = json.loads(value if isinstance(value, str) else value.decode())
                except json.JSONDecodeError as exc:
                    raise ValueError(f"payload_json is not valid JSON: {exc}") from None
        return body, files
    raw = await request.read()
    if not raw:
        return None, files
    if request.content_type != "application/json":
        raise ValueError(
            f"unexpected Content-Type {request.content_type!r} (Discord expects application/json or multipart)"
        )
    try:
        return json.loads(raw.decode()), files
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"request body is not valid JSON: {exc}") from None


def validate(server: LoopbackDiscord, method: str, template: str, body: Any, files: dict) -> list[limits.Problem]:
    if body is None:
        if server.spec.body_required(template, method) and not files:
            return [((), "BASE_TYPE_REQUIRED", "A request body is required.")]
        return []
    problems = list(server.spec.validate(template, method, body)) if server.config.validate_spec else []
    problems.extend(_limit_checks(method, template, body, bool(files)))
    if files:
        message = body.get("data") if template.endswith("/callback") and isinstance(body, dict) else body
        where = ("data",) if message is not body else ()
        creates = method == "POST" and not (template.endswith("/callback") and body.get("type") == 7)
        problems.extend((where + path, code, msg) for path, code, msg in
                        limits.check_files(message or {}, files, creates=creates))
    return list(dict.fromkeys(problems))  # the spec and the limits may both catch one fault


def _limit_checks(method: str, template: str, body: Any, has_files: bool) -> list[limits.Problem]:
    if not isinstance(body, (dict, list)):
        return []
    message_routes = {
        ("POST", "/channels/{channel_id}/messages"): True,
        ("PATCH", "/channels/{channel_id}/messages/{message_id}"): False,
        ("POST", "/webhooks/{webhook_id}/{webhook_token}"): True,
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"): False,
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"): False,
    }
    if (method, template) in message_routes and isinstance(body, dict):
        require = message_routes[(method, template)]
        return limits.check_message({**body, "_has_files": has_files}, require_content=require)
    if template.endswith("/callback") and isinstance(body, dict):
        kind, data = body.get("type"), body.get("data") or {}
        if kind == 4:
            found = limits.check_message({**data, "_has_files": has_files}, require_content=True)
        elif kind == 7:
            found = limits.check_message(data, require_content=False)
        elif kind == 8:
            return limits.check_autocomplete(data)
        elif kind == 9:
            return limits.check_modal(data)
        else:
            found = []
        return [(("data", *where), code, msg) for where, code, msg in found]
    if template.endswith("/commands"):
        if method == "PUT" and isinstance(body, list):
            return limits.check_commands(body)
        if method == "POST" and isinstance(body, dict):
            return [(where[1:], c, m) for where, c, m in limits.check_commands([body])]
    if template.endswith("/commands/{command_id}") and method == "PATCH" and isinstance(body, dict):
        return [(where[1:], c, m) for where, c, m in limits.check_commands([body])]
    return []
