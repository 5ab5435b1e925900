"""The `partnerops` command tree as Typer builds it, finished once by the root group: what `--help` shows and
what it costs.

Groups and commands are loaded and built when used: their modules take tens of milliseconds to load all together
and Typer reads every command's signature to build its click command (about 0.1 s for the whole tree), so the root
lists each by the name and help it is mounted with (`Mounted`) and imports and builds only the one a command line
runs or asks help of.

Placeholders: Typer writes `<bool>` after every flag (even `--help`) and `<str>`, `<path>`, `<list[str]>` or
`<%Y-%m-%d>` after options and arguments. A flag takes no value, so it shows none; an option shows the kind of value
it takes (FILE, DIR, DATE, N, TEXT or its choices), and an argument its name in capitals, as the help texts name
them, with the kind of value only when the name does not say it (choices, a date, a number). A metavar a command
sets itself (CODE, URL, EMAIL) is kept.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, get_args, get_origin

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo

_WORDS: dict[type, str] = {int: "N", float: "NUMBER", dt.date: "DATE", dt.datetime: "TIME", str: "TEXT"}
_PATHS = {"file": "FILE", "dir": "DIR"}


@dataclass(frozen=True)
class Mounted:
    """A group or command of the root: its name, where it lives (`module:attribute` under partnerops.cli: a Typer
    app, or a command's function) and the help the root lists it with (a group's help; a command's short help,
    its docstring being its long help)."""

    name: str
    target: str
    help: str
    group: bool = True
    hidden: bool = False

    def load(self) -> Any:
        module, attribute = self.target.split(":")
        return getattr(importlib.import_module(f"partnerops.cli.{module}"), attribute)


def mount_lazily(app: typer.Typer, mounted: Sequence[Mounted]) -> None:
    """APP's root group lists MOUNTED and loads each on first use."""
    app.info.cls = type("PartneropsRoot", (RootGroup,), {"mounted": tuple(mounted)})


class LazyGroup(TyperGroup):
    """A sub-command group as the root's help lists it (name and help), until it is loaded and built."""

    def __init__(self, mounted: Mounted) -> None:
        super().__init__(name=mounted.name, help=mounted.help, hidden=mounted.hidden)
        self.mounted = mounted


class LazyCommand(TyperCommand):
    """A command of the root as its help lists it (name and short help), until it is loaded and built."""

    def __init__(self, mounted: Mounted) -> None:
        super().__init__(name=mounted.name, short_help=mounted.help, hidden=mounted.hidden)
        self.mounted = mounted


class RootGroup(TyperGroup):
    """The `partnerops` group: every command under it, and itself, is finished as described above."""

    mounted: ClassVar[Sequence[Mounted]] = ()

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for command in self.commands.values():
            _finish_tree(command)
        for mounted in self.mounted:
            self.commands[mounted.name] = LazyGroup(mounted) if mounted.group else LazyCommand(mounted)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        waiting = isinstance(command, LazyGroup | LazyCommand)
        return name, self.built(name) if waiting and name else command, rest

    def built(self, name: str) -> Any:
        """The command NAME names, loaded, built (and finished) if it was waiting to be."""
        command = self.commands[name]
        options = {"pretty_exceptions_short": True, "rich_markup_mode": self.rich_markup_mode}
        if isinstance(command, LazyGroup):
            mounted = command.mounted
            info = TyperInfo(mounted.load(), name=mounted.name, help=mounted.help, hidden=mounted.hidden)
            command = get_group_from_info(info, suggest_commands=True, **options)
        elif isinstance(command, LazyCommand):
            mounted = command.mounted
            info = CommandInfo(name=mounted.name, callback=mounted.load(), short_help=mounted.help,
                               hidden=mounted.hidden)  # fmt: skip
            command = get_command_from_info(info, **options)
        else:
            return command
        _finish_tree(command)
        self.commands[name] = command
        return command

    def build_all(self) -> None:
        """Build every group and command (for checks that walk the whole tree)."""
        for name in list(self.commands):
            self.built(name)

    def get_params(self, ctx: Any) -> list[Any]:
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
    if isinstance(param, TyperArgument):
        param.metavar = param.metavar or param.name.upper()
        taken = placeholder(param) if param.metavar != param.name.upper() or _says_more(param) else None
        param.display_type_rich = lambda ctx, taken=taken: taken or ""  # the name already says what it is
    elif isinstance(param, TyperOption) and param.is_flag:
        param.metavar = ""
        _settle_unset(param)
    elif isinstance(param, TyperOption) and param.metavar is None:
        param.metavar = placeholder(param)
    if isinstance(param, TyperArgument | TyperOption) and param._runtime_param is None:
        param._runtime_param = _KeepsItsDefault()  # type: ignore[assignment]  # Typer calls only its coerce()


class _KeepsItsDefault:
    """Typer checks every value, defaults included, with a pydantic TypeAdapter it builds on first use: loading
    pydantic and building the adapters costs a command about 0.1 s before its work. A value that is the parameter's
    own default, already of its type, is what the adapter would return, as is text typed for a plain text
    parameter; an absent value (None) needs no adapter (Typer's RuntimeParam.coerce answers it the same way). Any
    other value goes to Typer's check."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        annotation = param.type_descriptor.annotation
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        if value is param.default and isinstance(annotation, type) and isinstance(value, annotation):
            return value
        if annotation is str and isinstance(value, str) and not (param.multiple or param.nargs != 1):
            return value
        param._runtime_param = None  # Typer builds its own on the next line, and keeps it
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


def _settle_unset(flag: TyperOption) -> None:
    """Typer's own flags (--help, --install-completion, --show-completion) read False when not given.

    They default to None, and Typer converts a None through a pydantic validator it builds on first use, which
    loads pydantic (about 0.1 s) for every `COMMAND --help`; a flag already False is passed through as it is. The
    command never receives these values (expose_value is false) and their callbacks treat None and False alike.
    """
    if not flag.expose_value and flag.default is None:
        flag.default = False


def _says_more(argument: TyperArgument) -> bool:
    """An argument whose kind of value its name does not say: choices, a date, a number."""
    described = getattr(argument, "type_descriptor", None)
    return described is not None and (bool(described.choices) or described.annotation in (int, float, dt.date,
                                                                                             dt.datetime))


def placeholder(option: TyperOption | TyperArgument) -> str | None:
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
