"""``--help`` and usage errors without the parts of Typer's stack they never use.

Typer imports :mod:`typer.rich_utils` to print them, and that imports ``rich.markdown``
(with markdown-it) and ``rich.traceback`` (with Pygments) at its top: two thirds of its
import time, the larger part of ``briefgen --help``'s. They serve help written in Markdown
(briefgen's is Rich markup) and the pretty traceback of a crash. :func:`install` has that
one import bind stand-ins for their two classes, which import the real class when first
used.

And a subcommand's ``--help`` (``briefgen build --help``) left the group's own ``--help``
unset: Typer built a Pydantic validator to pass that ``None`` through, importing Pydantic
(0.1 s) for it. :class:`Group` gives the group's help flag the plain one Typer uses where
Pydantic has no validator.

The help and errors look exactly as before: ``tests/test_fast_paths.py`` compares them with
Typer's own, and checks what ``--help`` imports.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from typer.core import TyperGroup, TyperOption

TARGET = "typer.rich_utils"
DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}  # module: its class


class _Deferred(type):
    """The type of a stand-in class: reading an attribute it lacks (``from_exception``)
    imports the real class."""

    def __getattr__(cls, attr: str) -> Any:
        if attr.startswith("__"):  # copy, pickle and inspect probing the stand-in itself
            raise AttributeError(attr)
        return getattr(cls.real(), attr)


def stand_in(module: str, name: str) -> type:
    """A class standing in for ``module.name``: calling it (or reading a class attribute)
    imports the real class and makes an instance of that; it is a type, so the annotations
    it appears in (``Markdown | Text``) still evaluate."""

    def real(cls: type) -> Any:
        return getattr(importlib.import_module(module), name)

    def new(cls: type, *args: Any, **kwargs: Any) -> Any:
        return real(cls)(*args, **kwargs)

    attrs = {"real": classmethod(real), "__new__": new}
    return _Deferred(name, (), attrs)


@contextmanager
def _stand_ins() -> Iterator[None]:
    """``rich.markdown`` and ``rich.traceback`` as modules holding only stand-ins, for as long
    as the block runs (the real ones are imported as usual afterwards)."""
    placed: dict[str, ModuleType] = {}
    for name, cls in DEFERRED.items():
        if name not in sys.modules:
            module = ModuleType(name)
            setattr(module, cls, stand_in(name, cls))
            placed[name] = sys.modules[name] = module
    try:
        yield
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


class _Loader(importlib.machinery.SourceFileLoader):
    def exec_module(self, module: ModuleType) -> None:
        with _stand_ins():
            super().exec_module(module)


class _Finder:
    """Finds :data:`TARGET` for :class:`_Loader`, once (it stays in ``sys.meta_path``, idle:
    leaving while the import system walks that list could make it skip the next finder)."""

    def __init__(self) -> None:
        self.used = False

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != TARGET or self.used:
            return None
        self.used = True
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or type(spec.loader) is not importlib.machinery.SourceFileLoader:
            return spec  # not a plain source file: imported as usual
        spec.loader = _Loader(spec.loader.name, spec.loader.path)
        return spec


def install() -> None:
    """Make Typer's first import of :data:`TARGET` (help, usage errors) a light one."""
    if TARGET not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())


class Group(TyperGroup):
    """Typer's command group, its ``--help`` flag passed through as it is (``None`` when not
    given) rather than by a Pydantic validator built for it (see the module's docstring)."""

    def get_help_option(self, ctx: Any) -> TyperOption | None:  # ctx: a Click Context
        option = super().get_help_option(ctx)
        if option is not None and getattr(option, "_runtime_param", False) is None:
            try:  # Typer 0.2x's coercion; an older or newer Typer just keeps its own
                from typer._coercion import PassThroughRuntimeParam
            except ImportError:
                return option
            info = option.type_descriptor.parameter_info
            option._runtime_param = PassThroughRuntimeParam(annotation=bool, parameter_info=info)
        return option
