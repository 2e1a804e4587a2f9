"""An edition already built, read back from its JSON document (for ``briefgen send``).

The JSON output (:func:`briefgen.document.briefing_to_json`) holds everything the
templates show: titles, sources, links, summaries, quotes, sections, the colophon. Only
the articles' full texts are not in it, and no template shows them.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.document import Briefing, briefing_from_json


def read_edition(path: Path) -> Briefing:
    """The briefing of the edition whose JSON document is ``path``."""
    try:
        return briefing_from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise BriefgenError(
            f"{path}: no such edition; `briefgen send` reads the edition's JSON, so keep "
            "json in formats for briefings you e-mail (or build it again)",
            ExitCode.NO_INPUT,
        ) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BriefgenError(f"{path}: not a briefgen edition ({exc})", ExitCode.NO_INPUT) from None
