"""Every user-facing string is in the catalogs, and every catalog entry is translated."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

APPS_ROOT = Path(__file__).resolve().parents[2]
APPS_WITH_CATALOGS = sorted(p.parent.name for p in APPS_ROOT.glob("*/locale"))
LANGUAGES = ("nl", "ar")


def _catalog(app_dir: Path, lang: str) -> polib.POFile:
    return polib.pofile(str(app_dir / "locale" / lang / "LC_MESSAGES" / "django.po"))


def _keys(po: polib.POFile) -> set:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete}


@pytest.mark.parametrize("app", APPS_WITH_CATALOGS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated(app, lang):
    po = _catalog(APPS_ROOT / app, lang)
    untranslated = [e.msgid for e in po if not e.obsolete and (
        "fuzzy" in e.flags or not (e.msgstr or all(e.msgstr_plural.values())
                                   and e.msgstr_plural))]
    assert untranslated == []


@pytest.mark.parametrize("app", APPS_WITH_CATALOGS)
def test_catalog_holds_every_string_of_the_code(app, tmp_path):
    copy = tmp_path / app
    shutil.copytree(APPS_ROOT / app, copy,
                    ignore=shutil.ignore_patterns("tests", "migrations", "__pycache__"))
    here = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["nl"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(here)
    fresh = _keys(_catalog(copy, "nl"))
    for lang in LANGUAGES:
        committed = _keys(_catalog(APPS_ROOT / app, lang))
        missing = sorted(k[1] for k in fresh - committed)
        assert missing == [], f"run `make messages` and translate: {missing[:10]}"


@pytest.mark.parametrize("app", APPS_WITH_CATALOGS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_entry_has_all_the_languages_forms(app, lang):
    """Arabic has six plural forms (zero, one, two, few, many, other): an entry with two
    falls back to English for the other four counts."""
    import re
    po = _catalog(APPS_ROOT / app, lang)
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", po.metadata["Plural-Forms"]).group(1))
    assert nplurals == {"nl": 2, "ar": 6}[lang]
    short = [e.msgid for e in po if e.msgid_plural and not e.obsolete
             and (len(e.msgstr_plural) != nplurals or not all(e.msgstr_plural.values()))]
    assert short == []


# Labels whose number agrees with no noun ("Day 3" reads "اليوم 3" for every count).
_SAME_FOR_EVERY_COUNT = {"Day %(days)s"}


@pytest.mark.parametrize("app", APPS_WITH_CATALOGS)
def test_arabic_two_and_many_are_not_copies_of_few(app):
    """Arabic says "two households" with the dual (أسرتان), "three to ten" with a plural
    (٣ أسر) and "eleven to ninety-nine" with an accusative singular (١١ أسرةً): a "two"
    or "many" form copied from "few" is wrong Arabic. Only a sentence where the number
    stands alone, after a colon ("العملاء: %(counter)s"), may read the same for all."""
    po = _catalog(APPS_ROOT / app, "ar")
    copies = []
    for entry in po:
        if not entry.msgid_plural or entry.obsolete or entry.msgid in _SAME_FOR_EVERY_COUNT:
            continue
        forms = [entry.msgstr_plural.get(n, "") for n in range(6)]
        if forms[2] != forms[3] and forms[4] != forms[3]:
            continue
        if len(set(forms)) == 1 and ": %(" in forms[0]:
            continue
        copies.append(entry.msgid)
    assert copies == []
