"""Names must be plain standard characters, so a look-alike can never pass for a real name.

A name typed with a Kangxi radical (⼭ for 山), a CJK compatibility ideograph, a Latin or
Cyrillic letter that looks like a stroke, or an invisible zero-width character would look
identical on screen yet not be the registered name. We accept only CJK unified ideographs,
the middle dot used in minority names and full-width brackets.
"""

from __future__ import annotations

from ..charnames import describe

_ALLOWED_PUNCT = frozenset("（）·〇")


def _allowed(ch: str) -> bool:
    code = ord(ch)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FA1F
            and not 0x2F800 <= code <= 0x2FA1F) or ch in _ALLOWED_PUNCT


def suspicious_characters(name: str) -> list[str]:
    """The characters of `name` that do not belong in an official Chinese name, each named in
    Chinese (“全角空格（U+3000）”), once each in order of appearance."""
    out: list[str] = []
    for ch in name:
        if _allowed(ch):
            continue
        label = describe(ch)
        if label not in out:
            out.append(label)
    return out
