"""State files: every JSON file briefgen keeps between runs, read through one typed loader.

briefgen keeps JSON state beside its outputs and in its cache folder: the memory of past
editions, the archive's record, the sent record, the fetched-page cache. A crash of
something else, a full disk or a hand edit can leave any of them damaged, so none is
trusted: :func:`load_state` opens the file without following a link or blocking on a FIFO
(regular files only), parses it as strict JSON (no ``NaN`` or ``Infinity``) and checks it
against its schema, a :class:`~typing.TypedDict` whose fields name their types
(``str``, ``int``, ``float``, ``bool``, ``list[...]``, ``dict[str, ...]``, ``Literal[...]``,
unions, nested ``TypedDict``s, and ``Annotated[T, Check(...)]`` for a rule beyond the type,
such as an ISO date). A file that passes comes back typed; one that does not is
:class:`Damaged`, and the caller's policy decides what happens:

* ``"move"`` (most files): the file is renamed ``<name>.damaged-<timestamp>`` with a warning
  naming both paths, and the run goes on as if it were absent;
* ``"stop"`` (the sent record, where going on could e-mail an edition twice): a
  :class:`~briefgen.core.errors.BriefgenError` with exit code ``SEND_GUARD`` (12) that names the
  file and says what to do; the file is left where it is.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import logging
import math
import os
import stat
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from briefgen.core.errors import BriefgenError, ExitCode

log = logging.getLogger(__name__)

T = TypeVar("T")
Policy = Literal["move", "stop"]
MAX_BYTES = 64 * 1024 * 1024  # no state file briefgen writes comes near this
READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class Damaged(ValueError):
    """A state file that is not what briefgen writes; ``str()`` says why and where."""


@dataclass(frozen=True)
class Check:
    """A rule beyond the type, for ``Annotated[T, Check(test, "an ISO date")]``."""

    test: Callable[[Any], bool]
    expected: str


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _is_moment(value: Any) -> bool:
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


ISO_DATE = Check(_is_date, "an ISO date (YYYY-MM-DD)")
ISO_MOMENT = Check(_is_moment, "an ISO date and time")
NOT_NEGATIVE = Check(lambda v: v >= 0, "a number not below 0")


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes | None:
    """The bytes of the regular file ``path``; ``None`` when there is none.

    Never follows a link and never waits on a FIFO or device: anything but a regular file
    at ``path`` is :class:`Damaged`, as is one over ``limit`` bytes. Other read errors
    (permissions, I/O) are :class:`OSError`.
    """
    try:
        fd = os.open(path, READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Damaged("it is a symbolic link") from None
        if exc.errno in (errno.ENXIO, errno.EISDIR):
            raise Damaged("it is not a regular file") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Damaged("it is not a regular file")
        if info.st_size > limit:
            raise Damaged(f"it holds {info.st_size} bytes, more than briefgen ever writes")
        return handle.read(limit + 1)


def _no_constant(name: str) -> Any:
    raise Damaged(f"it holds {name}, which is not a JSON number")


def decode(raw: bytes) -> Any:
    """``raw`` as strict JSON (no ``NaN``, no ``Infinity``); :class:`Damaged` when it is not."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise Damaged(f"it is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except RecursionError:
        raise Damaged("it is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise Damaged(f"it is not JSON ({exc.msg} at line {exc.lineno})") from None


def parse(raw: bytes, schema: Any) -> Any:
    """``raw`` as strict JSON checked against ``schema``; :class:`Damaged` when it is not."""
    value = decode(raw)
    check(value, schema, "")
    return value


def _where(path: str) -> str:
    return f" at {path}" if path else ""


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


@functools.cache
def _parts(schema: Any) -> tuple[Any, tuple[Any, ...]]:
    """``schema``'s origin and arguments, worked out once per type (files hold many values)."""
    return typing.get_origin(schema), typing.get_args(schema)


@functools.cache
def _fields(schema: Any) -> tuple[tuple[str, Any, bool], ...]:
    """A TypedDict's keys, their types, and whether each may be missing, worked out once."""
    found = []
    for key, kind in typing.get_type_hints(schema, include_extras=True).items():
        origin = typing.get_origin(kind)
        optional = origin is typing.NotRequired or (
            not schema.__total__ and origin is not typing.Required
        )
        found.append((key, kind, optional))
    return tuple(found)


_PLAIN_ITEMS = {str: str, int: int}  # a list of these is checked in one pass


def check(value: Any, schema: Any, path: str) -> None:
    """Raise :class:`Damaged` unless ``value`` has the type ``schema`` names."""
    origin, args = _parts(schema)
    if origin is list and args[0] in _PLAIN_ITEMS and isinstance(value, list):
        kind = _PLAIN_ITEMS[args[0]]
        if all(type(item) is kind for item in value):  # bool is not int here either
            return None
    if origin in (typing.NotRequired, typing.Required):
        check(value, args[0], path)
    elif origin is typing.Annotated:
        check(value, args[0], path)
        for rule in (a for a in args[1:] if isinstance(a, Check)):
            if not rule.test(value):
                raise Damaged(f"{_shown(value)}{_where(path)} is not {rule.expected}")
    elif typing.is_typeddict(schema):
        _check_object(value, schema, path)
    elif origin is Literal:
        if not any(value == a and type(value) is type(a) for a in args):
            choices = " or ".join(_shown(a) for a in args)
            raise Damaged(f"{_shown(value)}{_where(path)} is not {choices}")
    elif origin in (typing.Union, types.UnionType):
        errors = []
        for option in args:
            try:
                return check(value, option, path)
            except Damaged as exc:
                errors.append(str(exc))
        raise Damaged(" and ".join(errors))
    elif origin is list:
        _expect(value, list, "a list", path)
        for i, item in enumerate(value):
            check(item, args[0], f"{path}[{i}]")
    elif origin is dict:
        _expect(value, dict, "an object", path)
        for key, item in value.items():
            check(item, args[1], f"{path}.{key}" if path else key)
    else:
        _check_plain(value, schema, path)
    return None


def _expect(value: Any, kind: type, expected: str, path: str) -> None:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise Damaged(f"{_shown(value)}{_where(path)} is not {expected}")


def _check_plain(value: Any, schema: Any, path: str) -> None:
    if schema is Any:
        return
    if schema is float:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value):
            raise Damaged(f"{_shown(value)}{_where(path)} is not a finite number")
        return
    names = {str: "text", int: "a whole number", bool: "true or false", type(None): "null"}
    if schema not in names:
        raise TypeError(f"no state file check for {schema!r}")
    _expect(value, schema, names[schema], path)


def _check_object(value: Any, schema: Any, path: str) -> None:
    _expect(value, dict, "an object", path)
    for key, kind, optional in _fields(schema):
        if key in value:
            check(value[key], kind, f"{path}.{key}" if path else key)
        elif not optional:  # __required_keys__ is wrong under postponed annotations
            raise Damaged(f"{path or 'the file'} has no {key!r}")


def set_aside(path: Path) -> Path | None:
    """Rename ``path`` to ``<name>.damaged-<timestamp>`` beside it; ``None`` when it cannot."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    for n in range(100):
        aside = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{n}" if n else ""))
        if os.path.lexists(aside):
            continue
        try:
            os.rename(path, aside)
        except OSError:
            return None
        return aside
    return None


def damaged_error(path: Path, why: str, consequence: str) -> BriefgenError:
    """The ``"stop"`` policy's error: exit code SEND_GUARD, the file named, what to do."""
    return BriefgenError(
        f"{path} is damaged ({why}); {consequence}. Look at it, then move it aside "
        f"(mv {path} {path}.old) to start a new one",
        ExitCode.SEND_GUARD,
    )


def load_state(
    path: Path,
    schema: type[T],
    what: str,
    *,
    policy: Policy = "move",
    consequence: str = "",
    logger: logging.Logger | None = None,
    upgrade: Callable[[Any], Any] | None = None,
) -> T | None:
    """The state file ``path`` checked against ``schema``; ``None`` when it is absent.

    ``what`` names the file in messages ("the memory of editions"). ``upgrade`` turns the
    JSON of an older layout into the current one before the check. A damaged file is set
    aside with a warning (``policy="move"``; the result is then ``None``), or stops the run
    with :func:`damaged_error` and ``consequence`` (``policy="stop"``). A file that cannot
    be read at all (permissions, I/O error) is treated as damaged too.
    """
    try:
        raw = read_bytes(path)
        if raw is None:
            return None
        value = decode(raw)
        result = upgrade(value) if upgrade is not None else value
        check(result, schema, "")
    except (Damaged, OSError) as exc:
        why = str(exc) if isinstance(exc, Damaged) else f"it cannot be read: {exc.strerror or exc}"
        if policy == "stop":
            raise damaged_error(path, why, consequence) from None
        _move_aside(path, what, why, logger or log)
        return None
    return typing.cast(T, result)


def _move_aside(path: Path, what: str, why: str, logger: logging.Logger) -> None:
    aside = None
    with contextlib.suppress(OSError):
        if os.path.lexists(path):
            aside = set_aside(path)
    where = f"moved it to {aside.name}" if aside else "could not move it aside"
    logger.warning("%s: %s is damaged (%s); %s and carried on without it", what, path, why, where)
