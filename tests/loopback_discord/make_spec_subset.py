"""Write the reduced copy of Discord's OpenAPI document that the loopback Discord uses when the
full one is not beside the repository.

    python -m tests.loopback_discord.make_spec_subset [path/to/openapi.json]

Kept: every path with its methods (so a request to a route Discord does not have is still told
apart from one the loopback server does not implement), and for each route the loopback server
implements, the request and response schemas with every schema they reference: field names,
types, formats, limits, enums and what is required. Dropped: descriptions, titles, examples,
operation ids, headers, parameters and vendor extensions.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from . import rest
from . import server as _server  # noqa: F401  (imports the route modules, which fill rest.ROUTES)
from .spec import SUBSET_PATH, full_spec_path

# Words of JSON Schema / OpenAPI that only explain; everything else in a schema is kept.
_PROSE = {"description", "title", "examples", "example", "summary", "externalDocs", "$comment"}
# Keywords whose value is one schema, a list of schemas or a name → schema mapping.
_ONE = {"items", "not", "if", "then", "else", "contains", "propertyNames", "additionalProperties",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema"}
_MANY = {"allOf", "anyOf", "oneOf", "prefixItems"}
_NAMED = {"properties", "patternProperties", "$defs", "dependentSchemas"}
_REF_PREFIX = "#/components/"


def _schema(node: Any, refs: set[str]) -> Any:
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _PROSE or key.startswith("x-"):
            continue
        if key == "$ref":
            refs.add(value)
            out[key] = value
        elif key in _ONE:
            out[key] = _schema(value, refs)
        elif key in _MANY:
            out[key] = [_schema(v, refs) for v in value]
        elif key in _NAMED:
            out[key] = {name: _schema(v, refs) for name, v in value.items()}
        else:
            out[key] = value
    return out


def _content(content: dict[str, Any], refs: set[str]) -> dict[str, Any]:
    return {media: {"schema": _schema(body["schema"], refs)} for media, body in content.items() if "schema" in body}


def _response(entry: dict[str, Any], refs: set[str]) -> dict[str, Any]:
    if "$ref" in entry:
        refs.add(entry["$ref"])
        return {"$ref": entry["$ref"]}
    return {"content": _content(entry["content"], refs)} if "content" in entry else {}


def _operation(op: dict[str, Any], refs: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "requestBody" in op:
        body = op["requestBody"]
        out["requestBody"] = {"content": _content(body.get("content", {}), refs)}
        if body.get("required"):
            out["requestBody"]["required"] = True
    if "responses" in op:
        out["responses"] = {code: _response(entry, refs) for code, entry in op["responses"].items()}
    return out


def build(document: dict[str, Any]) -> dict[str, Any]:
    """The reduced document: same paths and methods, bodies only for the implemented routes."""
    implemented = {(method.lower(), template) for method, template in rest.ROUTES}
    refs: set[str] = set()
    paths: dict[str, Any] = {}
    for template, item in document["paths"].items():
        paths[template] = {
            method: (_operation(op, refs) if (method, template) in implemented else {})
            for method, op in item.items()
            if method != "parameters"
        }
    components: dict[str, dict[str, Any]] = {}
    done: set[str] = set()
    while refs - done:
        ref = min(refs - done)
        done.add(ref)
        if not ref.startswith(_REF_PREFIX):
            raise ValueError(f"unexpected $ref {ref!r} (only {_REF_PREFIX}… is followed)")
        kind, name = ref[len(_REF_PREFIX):].split("/", 1)
        node = document["components"][kind][name]
        components.setdefault(kind, {})[name] = _response(node, refs) if kind == "responses" else _schema(node, refs)
    for kind in components:
        components[kind] = dict(sorted(components[kind].items()))
    return {
        "openapi": document["openapi"],
        "info": {
            "title": "Discord HTTP API, reduced for the loopback Discord's tests",
            "version": document.get("info", {}).get("version", ""),
            "x-generated-by": "python -m tests.loopback_discord.make_spec_subset (do not edit)",
        },
        "paths": paths,
        "components": components,
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else full_spec_path()
    if source is None or not source.is_file():
        print(f"Discord's OpenAPI document not found ({source or 'set DISCORD_API_SPEC or put it in ../shared/'})",
              file=sys.stderr)
        return 2
    text = dumps(build(json.loads(source.read_text(encoding="utf-8"))))
    SUBSET_PATH.write_text(text, encoding="utf-8")
    print(f"{SUBSET_PATH}: {len(text):,} bytes from {source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
