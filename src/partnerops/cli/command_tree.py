"""The `partnerops` command tree as Typer builds it, finished once by the root group: what `--help` shows and
what it costs.

Placeholders: Typer writes `<bool>` after every flag (even `--help`) and `<str>`, `<list[str]>` or `<%Y-%m-%d>`
after options. A flag takes no value, so it shows none; an option shows the kind of value it takes (FILE, DIR,
DATE, N, TEXT or its choices), and an argument its name in capitals, as the help texts name them. A metavar a
command sets itself (CODE, URL, EMAIL) is kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args, get_origin

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

_WORDS: dict[type, str] = {int: "N", float: "NUMBER", dt.date: "DATE", dt.datetime: "TIME", str: "TEXT"}
_PATHS = {"file": "FILE", "dir": "DIR"}


class RootGroup(TyperGroup):
    """The `partnerops` group: every command under it, and itself, is finished as described above."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for command in self.commands.values():
            _finish_tree(command)

    def get_params(self, ctx: typer.Context) -> list[Any]:
        # Typer adds the shell-completion flags to the root after building it, so the root is done here.
        params = super().get_params(ctx)
        for param in params:
            _finish(param)
        return params


def _finish_tree(command: Any) -> None:
    for param in command.get_params(typer.Context(command)):
        _finish(param)
    for sub in getattr(command, "commands", {}).values():
        _finish_tree(sub)


def _finish(param: Any) -> None:
    if isinstance(param, TyperArgument) and param.metavar is None:
        param.metavar = param.name.upper()
    elif isinstance(param, TyperOption) and param.is_flag:
        param.metavar = ""
        _settle_unset(param)
    elif isinstance(param, TyperOption) and param.metavar is None:
        param.metavar = placeholder(param)


def _settle_unset(flag: TyperOption) -> None:
    """Typer's own flags (--help, --install-completion, --show-completion) read False when not given.

    They default to None, and Typer converts a None through a pydantic validator it builds on first use, which
    loads pydantic (about 0.1 s) for every `COMMAND --help`; a flag already False is passed through as it is. The
    command never receives these values (expose_value is false) and their callbacks treat None and False alike.
    """
    if not flag.expose_value and flag.default is None:
        flag.default = False


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
