"""Name normalisation for duplicate catching across scripts and spellings.

A name is first transliterated to ASCII (anyascii: "محمد" -> "mhmd", "ዮናስ" -> "yonas"),
then reduced to a consonant skeleton per word: vowels and the half-vowels y and w go
(Arabic writes long vowels with ي and و, Latin spellings differ exactly there), a few
letters that transliterations swap are merged (q/k/c, kh/h, ph/f, v/f, dh/d, th/t, sh/s),
doubled letters collapse, and a final h goes (ة is written "a" or "ah" in Latin). So
Mohammed, Muhammad, Mohamed, Mokhammed and محمد all become "mhmd".

The skeletons are stored one row per word in PersonNameKey, so candidate retrieval is an
indexed equality lookup; rapidfuzz then scores the few hundred candidates in Python.
Two records that share no skeleton key at all (nor a document number) are never
compared; that is the price of staying fast at hundreds of thousands of persons.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii

_WORD = re.compile(r"[a-z]+")
_MERGES = (("kh", "h"), ("gh", "g"), ("ph", "f"), ("sh", "s"), ("ch", "s"), ("dh", "d"),
           ("th", "t"), ("ck", "k"), ("dj", "j"), ("q", "k"), ("c", "k"), ("v", "f"),
           ("x", "ks"), ("z", "s"))
_DROP = str.maketrans("", "", "aeiouyw")
_DOUBLE = re.compile(r"(.)\1+")
KEY_MAX = 40


def fold(text: str) -> str:
    """Lower-case ASCII transliteration, apostrophes and hamza/ayn marks removed."""
    return anyascii(text or "").lower().replace("'", "").replace("`", "")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@functools.lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The consonant skeleton of one folded word; falls back to the word for all-vowel names."""
    key = word
    for old, new in _MERGES:
        key = key.replace(old, new)
    key = _DOUBLE.sub(r"\1", key.translate(_DROP))
    if len(key) > 1 and key.endswith("h"):
        key = key[:-1]
    return (key or f"={word}")[:KEY_MAX]


def keys_for_names(names: Iterable[str]) -> set[str]:
    """Every word's skeleton, plus the skeleton of each pair of adjacent words.

    The pairs catch names written as one word or two ("Abdullah" / "عبد الله").
    """
    keys: set[str] = set()
    for name in names:
        tokens = words(name)
        keys.update(skeleton(t) for t in tokens)
        keys.update(skeleton(a + b) for a, b in zip(tokens, tokens[1:], strict=False))
    return keys


def name_variants(person) -> list[str]:
    """Every way this person's name is written on the record."""
    variants = [
        " ".join(p for p in (person.given_name, person.family_name) if p),
        " ".join(p for p in (person.given_name_latin, person.family_name_latin) if p),
    ]
    variants += [a.strip() for a in (person.aliases or "").split(",")]
    return [v for v in variants if v.strip()]


def search_name_for(person) -> str:
    return " ".join(dict.fromkeys(fold(v) for v in name_variants(person)))[:800]


EXACT, PREFIX, FUZZY = 0, 1, 2
_PLAIN_WORD = re.compile(r"[^\W_]+")


def plain_words(text: str) -> list[str]:
    """Words in their own script: case-folded, accents and combining marks (harakat)
    removed, tatweel dropped."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("\u0640", ""))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _PLAIN_WORD.findall(stripped.casefold())


def match_tier(query: str, variants: Iterable[str]) -> int:
    """How a typed search matches one person's written names, before any fuzzy score:
    EXACT when every word typed is a whole word of one written name ("Omar" finds
    "Omar Al-Hassan"), PREFIX when every word typed begins a word of one name ("Lay" finds
    "Layla Mansour"), else FUZZY. So a person whose name is typed is listed before people
    who only look like it ("Fatima Al-Amri" for "Omar": one consonant skeleton shared).

    Words are compared in their own script, case-folded and without accents or Arabic
    vowel marks, not transliterated: عمر and عمار fold to the same ASCII ("mr") but are
    different names. A name typed in Latin letters meets the record's Latin form."""
    typed = plain_words(query)
    if not typed:
        return FUZZY
    best = FUZZY
    for variant in variants:
        tokens = plain_words(variant)
        if not tokens:
            continue
        if all(t in tokens for t in typed):
            return EXACT
        if all(any(w.startswith(t) for w in tokens) for t in typed):
            best = PREFIX
    return best
