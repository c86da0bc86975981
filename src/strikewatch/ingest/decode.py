"""Bytes to text: UTF-8 first, then a declared or detected legacy encoding (Arabic and Western Windows pages).

A file is read in chunks and decoded once, each chunk cleaned as it comes, so a large file
costs about twice its text in memory at the peak (the chunks, then the joined text).
"""

from __future__ import annotations

import codecs
import html
import io
import re
from pathlib import Path
from typing import BinaryIO

# Leading bytes of common binary formats that must never be read as an article.
_MAGIC: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"PK\x03\x04",  # zip, docx, xlsx, epub
    b"PK\x05\x06",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!",
    b"\x7fELF",
    b"MZ",
    b"\xd0\xcf\x11\xe0",  # old MS Office
    b"RIFF",  # webp, wav, avi
    b"OggS",
    b"ID3",  # mp3
    b"\x00\x00\x00\x18ftyp",
    b"\x00\x00\x00\x1cftyp",
    b"\x00\x00\x00\x20ftyp",
    b"SQLite format 3\x00",
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that do not occur in text (tab, newlines, form feed and escape do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_SAMPLE = 8192
_DETECT_SAMPLE = 65536
_CHUNK = 1 << 20
# Encodings preferred among near-equal detections: Western and Arabic Windows pages are what we meet.
_PREFERRED = ("cp1252", "cp1256", "iso8859_6", "latin_1")
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


class BinaryInput(ValueError):
    """Raised when bytes are not text (a picture, an archive, a PDF, or undecodable)."""


class _BadByte(ValueError):
    """A decoding error with its approximate offset in the file."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset = offset
        self.reason = reason


def looks_binary(head: bytes) -> bool:
    """True when the first bytes of a file are a known binary format or are mostly control bytes."""
    if any(head.startswith(m) for m in _BOMS_ONLY):
        return False
    if any(head.startswith(m) for m in _MAGIC):
        return True
    sample = head[:_SAMPLE]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls / len(sample) > 0.10


_BOMS_ONLY = tuple(b for b, _ in _BOMS)


def _declared_encoding(head: bytes) -> str | None:
    """An encoding named by an HTML meta tag or an XML declaration near the top, if Python knows it."""
    m = _DECLARED.search(head[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _detected_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess, nudged towards Windows-1252/1256 when the top guesses tie."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:_DETECT_SAMPLE]))
    if not matches:
        return None
    best = matches[0]
    close = [m for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.05]
    for preferred in _PREFERRED:
        for m in close:
            if preferred in m.could_be_from_charset:
                return preferred
    return best.encoding


def _bom_encoding(head: bytes) -> str | None:
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    return None


def _decode_stream(fh: BinaryIO, encoding: str, errors: str = "strict") -> str:
    """Decode a file chunk by chunk, cleaning each chunk, so the bytes are never all in memory beside the text."""
    fh.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    parts: list[str] = []
    carry = ""  # a trailing "\r" waits for the next chunk in case a "\n" follows
    offset = 0
    while chunk := fh.read(_CHUNK):
        try:
            piece = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise _BadByte(offset + exc.start, exc.reason) from None
        offset += len(chunk)
        if carry:
            piece = carry + piece
            carry = ""
        if piece.endswith("\r"):
            piece, carry = piece[:-1], "\r"
        parts.append(clean_text(piece))
    try:
        parts.append(clean_text(carry + decoder.decode(b"", final=True)))
    except UnicodeDecodeError as exc:
        raise _BadByte(offset, exc.reason) from None
    return parts[0] if len(parts) == 1 else "".join(parts)


def decode_stream(fh: BinaryIO, *, declared: bool = False) -> str:
    """Decode a whole binary file object to text, normalising newlines and dropping NUL characters.

    UTF-8 (or a BOM's encoding) first; otherwise, with `declared=True`, an HTML/XML charset
    declaration; otherwise charset-normalizer's guess. Raises `BinaryInput` when the bytes are not text.
    """
    head = fh.read(_DETECT_SAMPLE)
    if looks_binary(head[:_SAMPLE]):
        raise BinaryInput("binary file")
    bom = _bom_encoding(head)
    try:
        return _decode_stream(fh, bom or "utf-8")
    except _BadByte as exc:
        if bom:
            raise BinaryInput(f"binary file (not valid {bom}: {exc.reason})") from None
        bad_at = exc.offset
    # Not UTF-8: legacy encodings are rare and such files small; decoding again from the start is fine.
    candidates: list[str] = []
    if declared and (name := _declared_encoding(head)) and name not in ("utf-8", "utf_8"):
        candidates.append(name)
    fh.seek(max(0, bad_at - 1024) if bad_at >= len(head) else 0)
    sample = fh.read(_DETECT_SAMPLE)
    detected = _detected_encoding(sample)
    if detected is None and not candidates:
        raise BinaryInput("binary file (no text encoding fits)")
    if detected:
        candidates.append(detected)
    for name in candidates:
        try:
            return _decode_stream(fh, name)
        except _BadByte:
            continue
    # The guess came from a sample; a stray byte elsewhere must not lose the article.
    return _decode_stream(fh, candidates[-1], errors="replace")


def read_text(path: Path, *, declared: bool = False) -> str:
    """A file's text, read once in chunks and decoded once (see `decode_stream`)."""
    with path.open("rb") as fh:
        return decode_stream(fh, declared=declared)


def decode_bytes(data: bytes, *, declared: bool = False) -> str:
    """Bytes already in memory to text, by the same rules as `read_text`."""
    return decode_stream(io.BytesIO(data), declared=declared)


_ENTITY_RE = re.compile(
    r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|amp|quot|apos|lt|gt|nbsp|hellip|[lr]squo|[lr]dquo|[mn]dash);"
)


def unescape_entities(text: str) -> str:
    """Feed and API text often keeps its HTML character references ("&#8220;Islamic State&#8221;"); read as
    plain text they split names and sentences. Only references are decoded; no markup is touched."""
    if "&" not in text:
        return text
    return _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)


def clean_text(text: str) -> str:
    """`\\r\\n` and `\\r` to `\\n`, NULs removed; returns the same object when there is nothing to do."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text
