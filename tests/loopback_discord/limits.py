"""Discord's documented limits that the OpenAPI schemas do not (fully) encode.

Each check returns Discord-style problems: (path inside the body, error code, message).
Sources: the Discord developer documentation for messages, embeds, components,
application commands and interactions.
"""

from __future__ import annotations

import re
from typing import Any

Problem = tuple[tuple[str | int, ...], str, str]

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_TEXT_MAX = 2048
EMBED_AUTHOR_NAME_MAX = 256
EMBEDS_TOTAL_MAX = 6000
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
SELECT_OPTIONS_MAX = 25
SELECT_PLACEHOLDER_MAX = 150
SELECT_OPTION_TEXT_MAX = 100
COMPONENTS_V2_TOTAL_MAX = 40
AUTOCOMPLETE_CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_STRING_VALUE_MAX = 100
COMMAND_NAME_MAX = 32
COMMAND_DESCRIPTION_MAX = 100
COMMAND_OPTIONS_MAX = 25
COMMAND_CHOICES_MAX = 25
COMMAND_TOTAL_CHARS_MAX = 4000
CHAT_INPUT_COMMANDS_MAX = 100

# Uploads: the limit of a server without boosts (Discord answers 413, code 40005, above it).
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_MAX = 10

IS_COMPONENTS_V2 = 1 << 15
EPHEMERAL = 1 << 6

_NAME_RE = re.compile(r"^[-_'\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
_BUTTON = 2
_SELECT_TYPES = {3, 5, 6, 7, 8}
_LINK_STYLE = 5
_PREMIUM_STYLE = 6


def _too_long(path: tuple[str | int, ...], limit: int) -> Problem:
    return (path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def check_message(body: dict[str, Any], *, require_content: bool) -> list[Problem]:
    """Limits on a message payload (create/edit message, webhook, interaction response data)."""
    problems: list[Problem] = []
    if not isinstance(body, dict):
        return problems
    content = body.get("content")
    if isinstance(content, str) and len(content) > CONTENT_MAX:
        problems.append(_too_long(("content",), CONTENT_MAX))
    embeds = body.get("embeds") or []
    problems.extend(check_embeds(embeds))
    flags = body.get("flags") or 0
    components = body.get("components") or []
    problems.extend(check_components(components, v2=bool(flags & IS_COMPONENTS_V2)))
    if flags & IS_COMPONENTS_V2 and (content or embeds):
        problems.append(
            (("content",), "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
             "The 'content' and 'embeds' fields cannot be used when using components v2.")
        )
    if require_content and not (
        content or embeds or components or body.get("sticker_ids") or body.get("poll")
        or body.get("attachments") or body.get("_has_files")
    ):
        problems.append(((), "CANNOT_SEND_EMPTY_MESSAGE", "Cannot send an empty message"))
    return problems


def check_files(body: dict[str, Any], files: dict[str, tuple[str, bytes, str]], *, creates: bool) -> list[Problem]:
    """Uploaded parts in a multipart request: each is ``files[n]`` with an ``attachments`` entry of
    id n, at most ten; an embed showing ``attachment://name`` in a new message needs that upload."""
    problems: list[Problem] = []
    if not isinstance(body, dict):
        return problems
    described = {str(a.get("id")) for a in body.get("attachments") or [] if isinstance(a, dict)}
    names = set()
    if len(files) > ATTACHMENTS_MAX:
        problems.append(_too_long(("attachments",), ATTACHMENTS_MAX))
    for part, (filename, _data, _type) in files.items():
        index = part[6:-1] if part.startswith("files[") and part.endswith("]") else None
        if index is None:
            problems.append(((part,), "FILE_PART_NAME_INVALID", f"Upload parts are named files[n], not {part!r}."))
        elif index not in described:
            problems.append((("attachments",), "ATTACHMENT_NOT_FOUND",
                             f"files[{index}] has no entry with id {index} in attachments."))
        names.add(filename)
    if creates:
        for i, embed in enumerate(body.get("embeds") or []):
            for key in ("image", "thumbnail"):
                url = ((embed or {}).get(key) or {}).get("url") or ""
                if url.startswith("attachment://") and url[len("attachment://"):] not in names:
                    problems.append((("embeds", i, key, "url"), "ATTACHMENT_NOT_FOUND",
                                     f"{url} names no file uploaded with this message."))
    return problems


def check_embeds(embeds: list[Any]) -> list[Problem]:
    problems: list[Problem] = []
    if len(embeds) > EMBEDS_MAX:
        problems.append(_too_long(("embeds",), EMBEDS_MAX))
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        p = ("embeds", i)
        for key, limit in (("title", EMBED_TITLE_MAX), ("description", EMBED_DESCRIPTION_MAX)):
            total += _len(embed.get(key))
            if _len(embed.get(key)) > limit:
                problems.append(_too_long((*p, key), limit))
        fields = embed.get("fields") or []
        if len(fields) > EMBED_FIELDS_MAX:
            problems.append(_too_long((*p, "fields"), EMBED_FIELDS_MAX))
        for j, field in enumerate(fields):
            if not isinstance(field, dict):
                continue
            total += _len(field.get("name")) + _len(field.get("value"))
            if _len(field.get("name")) > EMBED_FIELD_NAME_MAX:
                problems.append(_too_long((*p, "fields", j, "name"), EMBED_FIELD_NAME_MAX))
            if _len(field.get("value")) > EMBED_FIELD_VALUE_MAX:
                problems.append(_too_long((*p, "fields", j, "value"), EMBED_FIELD_VALUE_MAX))
        footer = embed.get("footer") or {}
        total += _len(footer.get("text"))
        if _len(footer.get("text")) > EMBED_FOOTER_TEXT_MAX:
            problems.append(_too_long((*p, "footer", "text"), EMBED_FOOTER_TEXT_MAX))
        author = embed.get("author") or {}
        total += _len(author.get("name"))
        if _len(author.get("name")) > EMBED_AUTHOR_NAME_MAX:
            problems.append(_too_long((*p, "author", "name"), EMBED_AUTHOR_NAME_MAX))
    if total > EMBEDS_TOTAL_MAX:
        problems.append(
            (("embeds",), "MAX_EMBED_SIZE_EXCEEDED",
             f"Embed size exceeds maximum size of {EMBEDS_TOTAL_MAX} (got {total} characters).")
        )
    return problems


def _count_components(components: list[Any]) -> int:
    count = 0
    for c in components:
        if isinstance(c, dict):
            count += 1 + _count_components(c.get("components") or [])
            if isinstance(c.get("accessory"), dict):
                count += 1
    return count


def check_components(components: list[Any], *, v2: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    seen_ids: dict[str, tuple[str | int, ...]] = {}
    if v2:
        if _count_components(components) > COMPONENTS_V2_TOTAL_MAX:
            problems.append(_too_long(("components",), COMPONENTS_V2_TOTAL_MAX))
    elif len(components) > ACTION_ROWS_MAX:
        problems.append(_too_long(("components",), ACTION_ROWS_MAX))
    for i, row in enumerate(components):
        if not isinstance(row, dict):
            continue
        path = ("components", i)
        if row.get("type") != 1:
            if not v2:
                problems.append(
                    ((*path, "type"), "COMPONENT_LAYOUT_INVALID",
                     "Top-level components must be action rows (type 1) without the components v2 flag.")
                )
            continue
        children = row.get("components") or []
        if not children:
            problems.append(((*path, "components"), "BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length."))
        selects = [c for c in children if isinstance(c, dict) and c.get("type") in _SELECT_TYPES]
        if selects and len(children) > 1:
            problems.append(
                ((*path, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                 "A select menu must be alone in its action row.")
            )
        if len(children) > BUTTONS_PER_ROW_MAX:
            problems.append(_too_long((*path, "components"), BUTTONS_PER_ROW_MAX))
        for j, child in enumerate(children):
            if isinstance(child, dict):
                problems.extend(_check_interactive(child, (*path, "components", j), seen_ids))
    return problems


def _check_interactive(
    comp: dict[str, Any], path: tuple[str | int, ...], seen: dict[str, tuple[str | int, ...]]
) -> list[Problem]:
    problems: list[Problem] = []
    custom_id = comp.get("custom_id")
    if isinstance(custom_id, str):
        if len(custom_id) > CUSTOM_ID_MAX:
            problems.append(_too_long((*path, "custom_id"), CUSTOM_ID_MAX))
        if custom_id in seen:
            problems.append(
                ((*path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED",
                 f"Component custom id {custom_id!r} cannot be duplicated")
            )
        seen[custom_id] = path
    if comp.get("type") == _BUTTON:
        style = comp.get("style")
        if _len(comp.get("label")) > BUTTON_LABEL_MAX:
            problems.append(_too_long((*path, "label"), BUTTON_LABEL_MAX))
        if style == _LINK_STYLE:
            if not comp.get("url") or custom_id:
                problems.append(
                    ((*path,), "BUTTON_COMPONENT_INVALID",
                     "A link button needs a url and cannot have a custom_id.")
                )
        elif style != _PREMIUM_STYLE and not custom_id:
            problems.append(((*path, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required"))
        if style not in (_LINK_STYLE, _PREMIUM_STYLE) and not (comp.get("label") or comp.get("emoji")):
            problems.append(
                ((*path,), "BUTTON_COMPONENT_INVALID", "A button needs a label or an emoji.")
            )
    elif comp.get("type") in _SELECT_TYPES:
        if _len(comp.get("placeholder")) > SELECT_PLACEHOLDER_MAX:
            problems.append(_too_long((*path, "placeholder"), SELECT_PLACEHOLDER_MAX))
        options = comp.get("options") or []
        if comp.get("type") == 3:
            if not options:
                problems.append(((*path, "options"), "BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length."))
            if len(options) > SELECT_OPTIONS_MAX:
                problems.append(_too_long((*path, "options"), SELECT_OPTIONS_MAX))
            for k, opt in enumerate(options):
                for key in ("label", "value", "description"):
                    if isinstance(opt, dict) and _len(opt.get(key)) > SELECT_OPTION_TEXT_MAX:
                        problems.append(_too_long((*path, "options", k, key), SELECT_OPTION_TEXT_MAX))
        max_values = comp.get("max_values")
        if isinstance(max_values, int) and comp.get("type") == 3 and max_values > max(len(options), 1):
            problems.append(
                ((*path, "max_values"), "NUMBER_TYPE_MAX",
                 f"Must be less than or equal to {len(options)} (the number of options).")
            )
    return problems


def check_autocomplete(data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    choices = (data or {}).get("choices") or []
    if len(choices) > AUTOCOMPLETE_CHOICES_MAX:
        problems.append(_too_long(("data", "choices"), AUTOCOMPLETE_CHOICES_MAX))
    for i, choice in enumerate(choices):
        if not isinstance(choice, dict):
            continue
        name = choice.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= CHOICE_NAME_MAX:
            problems.append(
                (("data", "choices", i, "name"), "BASE_TYPE_BAD_LENGTH",
                 f"Must be between 1 and {CHOICE_NAME_MAX} in length.")
            )
        if _len(choice.get("value")) > CHOICE_STRING_VALUE_MAX:
            problems.append(_too_long(("data", "choices", i, "value"), CHOICE_STRING_VALUE_MAX))
    return problems


MODAL_TITLE_MAX = 45
MODAL_COMPONENTS_MAX = 5
TEXT_INPUT_LABEL_MAX = 45
TEXT_INPUT_VALUE_MAX = 4000


def check_modal(data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    if _len(data.get("title")) > MODAL_TITLE_MAX:
        problems.append(_too_long(("data", "title"), MODAL_TITLE_MAX))
    if _len(data.get("custom_id")) > CUSTOM_ID_MAX:
        problems.append(_too_long(("data", "custom_id"), CUSTOM_ID_MAX))
    components = data.get("components") or []
    if len(components) > MODAL_COMPONENTS_MAX:
        problems.append(_too_long(("data", "components"), MODAL_COMPONENTS_MAX))
    for i, comp in enumerate(components):
        if not isinstance(comp, dict):
            continue
        inner = comp.get("components") or ([comp["component"]] if isinstance(comp.get("component"), dict) else [])
        label = comp.get("label")
        for item in inner:
            if isinstance(item, dict) and item.get("type") == 4:
                label = item.get("label", label)
                if _len(item.get("value")) > TEXT_INPUT_VALUE_MAX:
                    problems.append(_too_long(("data", "components", i, "value"), TEXT_INPUT_VALUE_MAX))
        if _len(label) > TEXT_INPUT_LABEL_MAX:
            problems.append(_too_long(("data", "components", i, "label"), TEXT_INPUT_LABEL_MAX))
    return problems


def _command_chars(cmd: dict[str, Any]) -> int:
    total = _len(cmd.get("name")) + _len(cmd.get("description"))
    for opt in cmd.get("options") or []:
        if isinstance(opt, dict):
            total += _command_chars(opt)
            for choice in opt.get("choices") or []:
                if isinstance(choice, dict):
                    total += _len(choice.get("name")) + len(str(choice.get("value", "")))
    return total


def check_commands(commands: list[Any]) -> list[Problem]:
    """Limits on application command registration (bulk overwrite or single create)."""
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    chat_input = 0
    for i, cmd in enumerate(commands):
        if not isinstance(cmd, dict):
            continue
        kind = cmd.get("type") or 1
        chat_input += kind == 1
        key = (kind, str(cmd.get("name")))
        if key in seen:
            problems.append(((i, "name"), "APPLICATION_COMMAND_NAME_ALREADY_EXISTS",
                             f"Application command names must be unique ({key[1]!r})"))
        seen.add(key)
        problems.extend(_check_command_node(cmd, (i,), top=True, chat_input=kind == 1))
        if _command_chars(cmd) > COMMAND_TOTAL_CHARS_MAX:
            problems.append(((i,), "APPLICATION_COMMAND_TOO_LARGE",
                             f"Command exceeds maximum size ({COMMAND_TOTAL_CHARS_MAX})"))
    if chat_input > CHAT_INPUT_COMMANDS_MAX:
        problems.append(((), "BASE_TYPE_MAX_LENGTH", f"Must be {CHAT_INPUT_COMMANDS_MAX} or fewer in length."))
    return problems


def _check_command_node(
    node: dict[str, Any], path: tuple[str | int, ...], *, top: bool, chat_input: bool
) -> list[Problem]:
    problems: list[Problem] = []
    name = node.get("name")
    if chat_input:
        if not isinstance(name, str) or not _NAME_RE.match(name) or name != name.lower():
            problems.append(((*path, "name"), "APPLICATION_COMMAND_INVALID_NAME",
                             f"Command name is invalid ({name!r}): 1-32 lowercase letters, digits, - or _"))
        desc = node.get("description")
        if not isinstance(desc, str) or not 1 <= len(desc) <= COMMAND_DESCRIPTION_MAX:
            problems.append(((*path, "description"), "BASE_TYPE_BAD_LENGTH",
                             f"Must be between 1 and {COMMAND_DESCRIPTION_MAX} in length."))
    elif top:
        if not isinstance(name, str) or not 1 <= len(name) <= COMMAND_NAME_MAX:
            problems.append(((*path, "name"), "BASE_TYPE_BAD_LENGTH",
                             f"Must be between 1 and {COMMAND_NAME_MAX} in length."))
        if node.get("description"):
            problems.append(((*path, "description"), "APPLICATION_COMMAND_INVALID_DESCRIPTION",
                             "User and message commands cannot have a description."))
    options = node.get("options") or []
    if len(options) > COMMAND_OPTIONS_MAX:
        problems.append(_too_long((*path, "options"), COMMAND_OPTIONS_MAX))
    seen_optional = False
    names: set[str] = set()
    for j, opt in enumerate(options):
        if not isinstance(opt, dict):
            continue
        opath = (*path, "options", j)
        if opt.get("name") in names:
            problems.append(((*opath, "name"), "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                             f"Option names must be unique ({opt.get('name')!r})"))
        names.add(str(opt.get("name")))
        problems.extend(_check_command_node(opt, opath, top=False, chat_input=True))
        otype = opt.get("type")
        if otype in (1, 2):
            continue
        if opt.get("required"):
            if seen_optional:
                problems.append(((*opath, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                                 "Required options must be placed before non-required options"))
        else:
            seen_optional = True
        choices = opt.get("choices") or []
        if len(choices) > COMMAND_CHOICES_MAX:
            problems.append(_too_long((*opath, "choices"), COMMAND_CHOICES_MAX))
        if choices and opt.get("autocomplete"):
            problems.append(((*opath, "autocomplete"), "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
                             "Autocomplete cannot be set with choices."))
        for k, choice in enumerate(choices):
            if isinstance(choice, dict) and not 1 <= _len(choice.get("name")) <= CHOICE_NAME_MAX:
                problems.append(((*opath, "choices", k, "name"), "BASE_TYPE_BAD_LENGTH",
                                 f"Must be between 1 and {CHOICE_NAME_MAX} in length."))
    return problems
