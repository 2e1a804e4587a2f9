"""An edition already built, read back from its JSON document (for ``briefgen send``).

The JSON output (:func:`briefgen.document.briefing_to_json`) holds everything the
templates show: titles, sources, links, summaries, quotes, sections, the colophon. Only
the articles' full texts are not in it, and no template shows them.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.core.statefile import Damaged, read_bytes
from briefgen.document import Briefing, briefing_from_json

EDITION_BYTES = 512 * 1024 * 1024
"""The largest edition document read back (ten thousand stories are some tens of MB)."""


def read_edition(path: Path) -> Briefing:
    """The briefing of the edition whose JSON document is ``path``."""
    try:
        raw = read_bytes(path, EDITION_BYTES)  # never a link, never a FIFO
        if raw is None:
            raise FileNotFoundError(path)
        return briefing_from_json(json.loads(raw.decode("utf-8")))
    except FileNotFoundError:
        raise BriefgenError(
            f"{path}: no such edition; `briefgen send` reads the edition's JSON, so keep "
            "json in formats for briefings you e-mail (or build it again)",
            ExitCode.NO_INPUT,
        ) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, Damaged) as exc:
        raise BriefgenError(f"{path}: not a briefgen edition ({exc})", ExitCode.NO_INPUT) from None
