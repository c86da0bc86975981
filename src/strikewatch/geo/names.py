"""Names: transliteration-neutral keys for place names.

Lookups go through `normalise_key`, which folds the usual transliteration variants of Arabic and
Persian names (articles, Deir/Dayr/Dair, ez-Zor/Ezzor/az-Zawr, doubled letters, ou/u ...) onto one
compact key, so matching a candidate is one index access.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

MIDEAST: frozenset[str] = frozenset(
    {"SY", "IQ", "LB", "YE", "PS", "IL", "IR", "JO", "TR", "SA", "AF", "PK", "EG", "KW", "AE", "QA", "BH", "OM"}
)

# The conflict countries the regional layer covers village by village (data/gazetteer, scripts/build_gazetteer.py).
REGIONAL: frozenset[str] = MIDEAST | frozenset({"UA", "LY", "SD", "SO", "ML", "BF", "NG", "MM", "AZ", "AM"})

# Where place names are romanised from Arabic, each writer by ear.
ARABIC_SPEAKING: frozenset[str] = frozenset(
    {"SY", "IQ", "LB", "YE", "PS", "JO", "SA", "EG", "KW", "AE", "QA", "BH", "OM", "LY", "SD", "SO", "DZ", "MA",
     "TN", "MR", "DJ"}
)

ARTICLES: frozenset[str] = frozenset(
    {
        "al",
        "el",
        "ad",
        "ed",
        "as",
        "es",
        "ash",
        "esh",
        "az",
        "ez",
        "ar",
        "er",
        "at",
        "et",
        "an",
        "en",
        "adh",
        "ath",
        "ul",
        "il",
        "ud",
        "us",
        "uz",
    }
)
_ADMIN_SUFFIX_RE = re.compile(
    r"\s+(governorate|province|region|district|state|oblast|prefecture|county|department|municipality|"
    r"muhafazah|muhafazat|ostan|wilayah|wilayat)$",
    re.I,
)
_DEIR = frozenset({"dayr", "dair", "dier", "deyr", "deir", "der", "dyr"})
_ZOR_RE = re.compile(r"^(?:[ae][sz]?)?z+(?:o|u|aw|oa|ow)r$")
_QUOTES_RE = re.compile(r"[\"'`´’‘ʿʾʼʻ′]")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_DOUBLE_RE = re.compile(r"(.)\1+")
_LATIN_OK_RE = re.compile(r"^[\u0000-\u024F\u1E00-\u1EFF\u02B0-\u02FF’‘ʿʾ\s]+$")


@lru_cache(maxsize=200_000)
def _canon_word(t: str) -> str:
    """Fold one lowercase ASCII word onto its transliteration-neutral form."""
    if t in _DEIR:
        return "deir"
    if t == "albu":
        return "bu"
    # Arabic has three vowels: o is a u ("Bokamal" / "Bukamal"), ee and ei an i.
    t = t.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    if _ZOR_RE.match(t):
        return "zor"
    t = _IYA_RE.sub("ia", t)
    t = _AH_RE.sub("a", t)
    t = t.replace("ay", "ai").replace("ey", "ai").replace("ei", "ai")
    t = t.replace("ph", "f").replace("q", "k").replace("o", "u")
    if "c" in t:
        t = _C_RE.sub("k", t)
    return _DOUBLE_RE.sub(r"\1", t)


_IYA_RE = re.compile(r"(?:iyyah|iyyeh|iyah|iyeh|ieh|iya|iyya)$")
_AH_RE = re.compile(r"(?<=[a-z])(?:ah|eh)$")
_C_RE = re.compile(r"c(?!h)")


@lru_cache(maxsize=400_000)
def normalise_tokens(text: str) -> tuple[str, ...]:
    """Canonical word tokens of a name: ASCII, lower case, articles dropped, variants folded."""
    s = _QUOTES_RE.sub("", text)
    if not s.isascii():
        s = _QUOTES_RE.sub("", unidecode(s))
    s = s.lower()
    toks = _NON_ALNUM_RE.sub(" ", s).split()
    kept = [t for t in toks if t not in ARTICLES] if len(toks) > 1 else toks
    if not kept:
        kept = toks
    return tuple(_canon_word(t) for t in kept)


def normalise_key(text: str) -> str:
    """The compact lookup key of a name ("Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor" -> "deirzor");
    a name in Arabic script gets its own kind of key (`arabic_key`)."""
    if text and text[0] >= "\u0600" and is_arabic(text):
        return arabic_key(text)
    return "".join(normalise_tokens(text))


def display_subdivision_name(name: str, aliases: tuple[str, ...]) -> str:
    """A readable English name for an admin division ("Dayr az Zawr" -> "Deir ez-Zor", "Ḩimş" -> "Homs")."""
    stripped = {a: _ADMIN_SUFFIX_RE.sub("", a) for a in aliases}
    for a, s in stripped.items():
        if s != a and s.isascii() and len(s) > 2:
            # "X" is the English form when "X Governorate" / "X Province" is also listed.
            bare = [b for b in aliases if b == s]
            if bare:
                return s
    for a, s in stripped.items():
        if s != a and s.isascii() and len(s) > 2 and not s.lower().startswith("state of"):
            return s
    if name.isascii():
        return name
    for a in aliases:
        if a.isascii() and len(a) > 2 and not a.lower().startswith("state of"):
            return _ADMIN_SUFFIX_RE.sub("", a)
    return unidecode(name)


def is_latin(name: str) -> bool:
    """True for a name in Latin script (with diacritics and transliteration marks)."""
    return bool(_LATIN_OK_RE.match(name))


_ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_ARABIC_MARKS_RE = re.compile(r"[\u064B-\u065F\u0670\u0640]")  # harakat, dagger alif, tatweel
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك"})
_ARABIC_WORD_RE = re.compile(r"[\u0621-\u064A\u066E-\u06D3]+")


def is_arabic(name: str) -> bool:
    """True for a name written in Arabic script (Arabic, Persian, Urdu, Pashto)."""
    return bool(_ARABIC_RE.search(name)) and not _LATIN_WORD_RE.search(name)


_LATIN_WORD_RE = re.compile(r"[A-Za-z]")


def arabic_key(name: str) -> str:
    """Key of a name in Arabic script: vowel marks dropped, alif/ta marbuta/ya forms folded,
    the article "al-" dropped from each word but a lone one, words joined ("دير الزور" -> "ديرزور")."""
    s = _ARABIC_MARKS_RE.sub("", name).translate(_ARABIC_FOLD)
    toks = _ARABIC_WORD_RE.findall(s)
    if len(toks) > 1:
        toks = [t[2:] if t.startswith("ال") and len(t) > 3 else t for t in toks]
    return "ar:" + "".join(toks)


_SKELETON_DROP = str.maketrans("", "", "aeiouyw")
_DOUBLED_RE = re.compile(r"(.)\1+")


def sound_key(key: str) -> str:
    """A key's first letter and its later consonants, doubled letters once: Arabic names romanised by ear
    differ mostly in their vowels and glides ("Menbej" / "Manbij", "Khan Shekhon" / "Khan Shaykhun",
    "Rnkous" / "Rankus"). Empty for keys too short to tell places apart this way."""
    if len(key) < 5 or key.startswith("ar:"):
        return ""
    sound = key[0] + _DOUBLED_RE.sub(r"\1", key[1:].translate(_SKELETON_DROP))
    return sound if len(sound) >= 4 else ""
