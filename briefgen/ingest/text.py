"""Text made safe at ingestion: valid Unicode, no control characters, names shown escaped.

Whatever an input carries (a lone surrogate from JSON's ``"\\ud800"``, an ESC sequence in a
title, a file name with a newline in it) is cleaned here, before it can reach a template,
a Markdown file or the terminal.
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATES = re.compile(r"[\ud800-\udfff]")
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_CONTROLS = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ufffe\\uffff{_BIDI}]")
_FIELD_CONTROLS = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufffe\\uffff{_BIDI}]")


def valid_unicode(text: str) -> str:
    """``text`` as valid Unicode: a surrogate pair joined, a lone surrogate as U+FFFD."""
    if not _SURROGATES.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean_body(text: str) -> str:
    """An article body: valid Unicode, line breaks kept, other control characters dropped."""
    text = valid_unicode(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _LINE_CONTROLS.sub("", text)


def clean_field(value: object) -> str:
    """A one-line metadata field (title, source, author ...): valid Unicode, control
    characters gone (a tab or line break is a space), white space folded."""
    text = valid_unicode(str(value or ""))
    text = re.sub(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]", " ", text)
    return " ".join(_FIELD_CONTROLS.sub("", text).split())


def shown(name: str) -> str:
    """A name (a path, a URL, a reason) fit for one line of a terminal or a briefing:
    control characters and surrogates (undecodable bytes of a file name) as escapes."""
    if name.isprintable():  # the common case, at C speed: nothing to escape
        return name
    out: list[str] = []
    for ch in name:
        code = ord(ch)
        if ch == "\\" or ch.isprintable() or ch == " ":
            out.append(ch)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif unicodedata.category(ch) in ("Zs",):
            out.append(ch)
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)
