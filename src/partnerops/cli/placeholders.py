"""Placeholders in `--help`: a flag takes no value, so it shows none; an option shows the kind of value it takes.

Typer writes `<bool>` after every flag (even `--help`) and `<str>`, `<list[str]>` or `<%Y-%m-%d>` after options.
The root group rewrites them once, when the command tree is built: FILE, DIR, DATE, N, TEXT or the choices, and
arguments in capitals as the help texts name them (FILE, PARTNER). A metavar a command sets itself is kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args, get_origin

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

_WORDS: dict[type, str] = {int: "N", float: "NUMBER", dt.date: "DATE", dt.datetime: "TIME", str: "TEXT"}
_PATHS = {"file": "FILE", "dir": "DIR"}


class PlaceholderGroup(TyperGroup):
    """The `partnerops` group: every command under it, and itself, shows the placeholders above."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for command in self.commands.values():
            _set_placeholders(command)

    def get_params(self, ctx: typer.Context) -> list[Any]:
        # Typer adds the shell-completion flags to the root after building it, so the root is done here.
        params = super().get_params(ctx)
        for param in params:
            _set_placeholder(param)
        return params


def _set_placeholders(command: Any) -> None:
    for param in command.get_params(typer.Context(command)):
        _set_placeholder(param)
    for sub in getattr(command, "commands", {}).values():
        _set_placeholders(sub)


def _set_placeholder(param: Any) -> None:
    if isinstance(param, TyperArgument) and param.metavar is None:
        param.metavar = param.name.upper()
    elif isinstance(param, TyperOption) and param.is_flag:
        param.metavar = ""
    elif isinstance(param, TyperOption) and param.metavar is None:
        param.metavar = placeholder(param)


def placeholder(option: TyperOption) -> str | None:
    """The word for what OPTION takes, or None to leave Typer's own (a type it has no word for)."""
    described = getattr(option, "type_descriptor", None)
    if described is None:  # a Typer without type descriptors writes click's TEXT, INTEGER, PATH itself
        return None
    if described.choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in described.choices) + "]"
    annotation = described.annotation
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    if described.is_path:
        return _PATHS.get(described.path_type, "PATH")
    return _WORDS.get(annotation)
