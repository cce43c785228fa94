#!/usr/bin/env python
"""How complete is each gettext catalogue? Prints, per language and catalogue, the entries still to translate.

    .venv/bin/python scripts/translation_status.py              # table: language, catalogue, total, untranslated, fuzzy
    .venv/bin/python scripts/translation_status.py -l tr -l ar  # only these languages
    .venv/bin/python scripts/translation_status.py --missing    # also list each open msgid (the delta to translate)

Exit code 1 when any catalogue has an untranslated or fuzzy entry, so CI or a script can use it.
Run `makemessages` first (see docs/DEVELOPING.md, "Languages") so that new source strings are in the catalogues.
"""

import argparse
import sys
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parents[1]
SKIP = {".venv", "node_modules", ".git", "static", "media"}


def catalogues(base=BASE_DIR):
    """Every shipped catalogue as (language, catalogue folder relative to base, path of the .po)."""
    found = []
    for po in sorted(base.glob("**/locale/*/LC_MESSAGES/django.po")):
        relative = po.relative_to(base)
        if SKIP.intersection(relative.parts):
            continue
        locale_dir = relative.parents[2]
        found.append((relative.parts[-3], str(locale_dir.parent) if str(locale_dir.parent) != "." else "(project)", po))
    return sorted(found, key=lambda item: (item[0], item[1]))


def open_entries(po_path):
    """(untranslated, fuzzy) entries of one catalogue, obsolete ones left out."""
    catalogue = polib.pofile(str(po_path))
    untranslated = [e for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e for e in catalogue.fuzzy_entries() if not e.obsolete]
    return catalogue, untranslated, fuzzy


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-l", "--language", action="append", help="only this language (repeatable)")
    parser.add_argument("--missing", action="store_true", help="list every untranslated or fuzzy msgid")
    args = parser.parse_args(argv)

    incomplete = False
    print(f"{'lang':<5} {'catalogue':<24} {'total':>6} {'untransl.':>10} {'fuzzy':>6}")
    for language, name, po_path in catalogues():
        if args.language and language not in args.language:
            continue
        catalogue, untranslated, fuzzy = open_entries(po_path)
        total = len([e for e in catalogue if not e.obsolete])
        incomplete = incomplete or bool(untranslated or fuzzy)
        print(f"{language:<5} {name:<24} {total:>6} {len(untranslated):>10} {len(fuzzy):>6}")
        if args.missing:
            for entry in untranslated + fuzzy:
                kind = "fuzzy" if entry in fuzzy else "new"
                print(f"      {kind:<6} line {entry.linenum}: {entry.msgid!r}")
    return 1 if incomplete else 0


if __name__ == "__main__":
    sys.exit(main())
