"""``--help`` in the conventions of the Python CLIs people know (Click's, pip's, black's):
flags show no value (Typer 0.2x prints ``<bool>``), arguments are named in capitals
(``[SOURCES]...``, ``FILE``) without a Python type beside them (``<list[str]>``), and a
value without a metavar of its own is ``TEXT``, ``PATH`` or ``N``.

:class:`Command` and :class:`Group` are the classes every command and group of
:mod:`briefgen.cli.main` is made with; they restyle each parameter as Click asks for it.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperOption

from briefgen.cli.fasthelp import Group as FastGroup

_VALUES = {"path": "PATH", "str": "TEXT", "int": "N", "float": "N"}


class _Argument(TyperArgument):
    """An argument shown as Click shows one: ``SOURCE``, ``[PATH]``, ``[SOURCES]...``."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")


def conventional(param: Any, ctx: Any) -> None:
    """Restyle one Typer parameter in place (a second call changes nothing)."""
    if isinstance(param, TyperArgument):
        param.__class__ = _Argument
        if param.metavar is None:
            param.metavar = (param.name or "value").upper()
    elif isinstance(param, TyperOption) and param.metavar is None:
        if param.is_flag:
            param.metavar = ""
        else:
            bare = param.display_type(ctx).strip("<>").split(" ")[0]
            param.metavar = _VALUES.get(bare, bare.upper())


class Command(TyperCommand):
    """A Typer command whose parameters follow :func:`conventional`."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            conventional(param, ctx)
        return params


class Group(FastGroup):
    """A command group (:class:`briefgen.cli.fasthelp.Group`) whose own parameters follow
    :func:`conventional`."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            conventional(param, ctx)
        return params
