"""Discord's official OpenAPI document: route matching and request-body validation.

The document is OpenAPI 3.1, so its schemas are JSON Schema 2020-12. It is loaded and its
validators compiled once per process. The full document is used when it is present
(``DISCORD_API_SPEC``, else ``../shared/discord-api-spec/openapi.json``); otherwise the reduced
copy committed beside this module (``openapi-subset.json``, written by ``make_spec_subset.py``).
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO_ROOT.parent / "shared" / "discord-api-spec" / "openapi.json"
SUBSET_PATH = Path(__file__).resolve().parent / "openapi-subset.json"
SPEC_ENV = "DISCORD_API_SPEC"
_SPEC_URI = "urn:discord-openapi"

Problem = tuple[tuple[str | int, ...], str, str]
"""(path inside the body, Discord error code, human message)"""


class SpecMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class RouteMatch:
    template: str
    params: dict[str, str]
    methods: frozenset[str]


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


class DiscordSpec:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        schemas = document.get("components", {}).get("schemas", {})
        if "SnowflakeType" in schemas:
            # Discord accepts a snowflake as a JSON integer as well as a string (discord.py sends
            # integers, e.g. in message_reference and attachments); the document lists strings only.
            schemas["SnowflakeType"] = {"anyOf": [schemas["SnowflakeType"], {"type": "integer", "minimum": 0}]}
        self._registry = Registry().with_resource(
            _SPEC_URI, Resource(contents=document, specification=DRAFT202012)
        )
        self._routes: list[tuple[re.Pattern[str], str, int]] = []
        for template in document["paths"]:
            literal = 0
            pattern = ""
            for segment in template.strip("/").split("/"):
                if segment.startswith("{") and segment.endswith("}"):
                    pattern += f"/(?P<{segment[1:-1]}>[^/]+)"
                else:
                    pattern += "/" + re.escape(segment)
                    literal += 1
            self._routes.append((re.compile(pattern + "$"), template, literal))
        self._validators: dict[tuple[str, str, str], Draft202012Validator | None] = {}

    def match(self, path: str) -> RouteMatch | None:
        """Find the spec's path template for a concrete path (without the /api/vN prefix)."""
        best: tuple[int, str, dict[str, str]] | None = None
        for regex, template, literal in self._routes:
            m = regex.match(path)
            if m and (best is None or literal > best[0]):
                best = (literal, template, m.groupdict())
        if best is None:
            return None
        methods = frozenset(
            m.upper() for m in self.document["paths"][best[1]] if m not in ("parameters",)
        )
        return RouteMatch(best[1], best[2], methods)

    def operation(self, template: str, method: str) -> dict[str, Any] | None:
        return self.document["paths"].get(template, {}).get(method.lower())

    def body_required(self, template: str, method: str) -> bool:
        op = self.operation(template, method) or {}
        return bool(op.get("requestBody", {}).get("required"))

    def validator(self, template: str, method: str, media: str = "application/json"):
        key = (template, method.lower(), media)
        if key not in self._validators:
            op = self.operation(template, method) or {}
            content = op.get("requestBody", {}).get("content", {})
            if media not in content:
                self._validators[key] = None
            else:
                ref = f"{_SPEC_URI}#/" + _pointer(
                    "paths", template, method.lower(), "requestBody", "content", media, "schema"
                )
                self._validators[key] = Draft202012Validator({"$ref": ref}, registry=self._registry)
        return self._validators[key]

    def response_validator(self, template: str, method: str, status: int):
        key = (template, method.lower(), f"response {status}")
        if key not in self._validators:
            responses = (self.operation(template, method) or {}).get("responses", {})
            name = str(status) if str(status) in responses else f"{str(status)[0]}XX"
            entry = responses.get(name, {})
            pointer = ["paths", template, method.lower(), "responses", name]
            if "$ref" in entry:
                pointer = ["components", "responses", entry["$ref"].rsplit("/", 1)[-1]]
                entry = self.document["components"]["responses"].get(pointer[-1], {})
            if "application/json" not in entry.get("content", {}):
                self._validators[key] = None
            else:
                ref = f"{_SPEC_URI}#/" + _pointer(*pointer, "content", "application/json", "schema")
                self._validators[key] = Draft202012Validator({"$ref": ref}, registry=self._registry)
        return self._validators[key]

    def validate_response(self, template: str, method: str, status: int, body: Any) -> list[Problem]:
        """Check the loopback server's own answers against the document (a self-test)."""
        validator = self.response_validator(template, method, status)
        if validator is None:
            return []
        return [p for err in validator.iter_errors(body) for p in _explain(err)]

    def validate(self, template: str, method: str, body: Any) -> list[Problem]:
        """Validate a JSON request body; returns Discord-style problems (empty when valid)."""
        validator = self.validator(template, method)
        if validator is None:
            return []
        problems: list[Problem] = []
        for err in validator.iter_errors(body):
            problems.extend(_explain(err))
        return problems


def _branches(err: ValidationError) -> dict[int, list[ValidationError]]:
    groups: dict[int, list[ValidationError]] = {}
    for sub in err.context or []:
        groups.setdefault(sub.schema_path[0], []).append(sub)
    return groups


def _is_discriminator_miss(sub: ValidationError, depth: int) -> bool:
    """True when a union branch failed on its tag (``type`` enum or null-ness), i.e. it is not
    the branch the client meant."""
    rel = list(sub.absolute_path)[depth:]
    if not rel and sub.validator == "type":
        return True
    return rel == ["type"] and sub.validator in ("enum", "const")


def _explain(err: ValidationError) -> list[Problem]:
    if err.validator in ("anyOf", "oneOf") and err.context:
        depth = len(err.absolute_path)
        candidates = [
            errs
            for errs in _branches(err).values()
            if not any(_is_discriminator_miss(e, depth) for e in errs)
        ]
        if candidates:
            best = min(candidates, key=len)
            out: list[Problem] = []
            for sub in best:
                out.extend(_explain(sub))
            return out
        if err.validator == "oneOf" and not any(
            _is_discriminator_miss(e, depth) for e in err.context
        ):
            return [(tuple(err.absolute_path), "UNION_TYPE_CHOICES", "Matches more than one form.")]
        return [(tuple(err.absolute_path), "UNION_TYPE_CHOICES", _union_message(err))]
    return [(tuple(err.absolute_path), *_code_and_message(err))]


def _union_message(err: ValidationError) -> str:
    value = err.instance
    if isinstance(value, dict) and "type" in value:
        return f"Value of field \"type\" must be one of the known forms (got {value['type']!r})."
    return f"Value must be one of the allowed forms (got {type(value).__name__})."


def _code_and_message(err: ValidationError) -> tuple[str, str]:
    v, expected = err.validator, err.validator_value
    if v == "maxLength":
        return "BASE_TYPE_MAX_LENGTH", f"Must be {expected} or fewer in length."
    if v == "minLength":
        return "BASE_TYPE_MIN_LENGTH", f"Must be {expected} or more in length."
    if v == "maxItems":
        return "BASE_TYPE_MAX_LENGTH", f"Must be {expected} or fewer in length."
    if v == "minItems":
        return "BASE_TYPE_MIN_LENGTH", f"Must be {expected} or more in length."
    if v == "required":
        return "BASE_TYPE_REQUIRED", err.message.replace("is a required property", "is required.")
    if v in ("enum", "const"):
        return "BASE_TYPE_CHOICES", f"Value must be one of {expected!r}."
    if v == "type":
        return "BASE_TYPE_BAD_TYPE", f"Must be of type {expected} (got {type(err.instance).__name__})."
    if v in ("maximum", "exclusiveMaximum"):
        return "NUMBER_TYPE_MAX", f"Must be less than or equal to {expected}."
    if v in ("minimum", "exclusiveMinimum"):
        return "NUMBER_TYPE_MIN", f"Must be greater than or equal to {expected}."
    if v == "pattern":
        return "STRING_TYPE_REGEX", f"String value did not match validation regex {expected}."
    message = err.message if len(err.message) < 200 else err.message[:200] + "…"
    return "BASE_TYPE_INVALID", message


def full_spec_path() -> Path | None:
    """Where the full document is: ``DISCORD_API_SPEC`` when set (even if it names nothing, so
    that a wrong setting is reported rather than quietly replaced), else ``../shared/`` if there."""
    named = os.environ.get(SPEC_ENV)
    if named:
        return Path(named)
    return SPEC_PATH if SPEC_PATH.is_file() else None


@functools.cache
def load_spec(path: str | None = None) -> DiscordSpec:
    spec_path = Path(path) if path else (full_spec_path() or SUBSET_PATH)
    if not spec_path.is_file():
        raise SpecMissing(
            f"Discord's OpenAPI document is missing: expected it at {spec_path} "
            f"(set {SPEC_ENV}, or put the discord-api-spec checkout beside the repository in "
            "shared/discord-api-spec/, or regenerate tests/loopback_discord/openapi-subset.json). "
            "The loopback Discord validates every request against it and cannot run without it."
        )
    with spec_path.open(encoding="utf-8") as fh:
        return DiscordSpec(json.load(fh))
