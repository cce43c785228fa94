#!/usr/bin/env python
"""How complete is each gettext catalogue? Prints, per language and catalogue, the entries still to translate.

    .venv/bin/python scripts/translation_status.py              # table: language, catalogue, total, untranslated, fuzzy
    .venv/bin/python scripts/translation_status.py -l tr -l ar  # only these languages
    .venv/bin/python scripts/translation_status.py --missing    # also list each open msgid (the delta to translate)
    .venv/bin/python scripts/translation_status.py --update -l tr -l uk -l ar   # first run makemessages for them

--update runs makemessages for the given languages in every catalogue folder, the way docs/DEVELOPING.md says
(inside each app; for the project catalogue from the repository root, ignoring the apps that have their own).
After translating, compile: `.venv/bin/python manage.py compilemessages -l tr -l uk -l ar -i node_modules`.

Exit code 1 when any catalogue has an untranslated or fuzzy entry, so CI or a script can use it.
Run `makemessages` first (see docs/DEVELOPING.md, "Languages") so that new source strings are in the catalogues.
"""

import argparse
import subprocess
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


def update(languages, base=BASE_DIR):
    """Run makemessages for these languages in each folder that has a locale/ directory."""
    folders = sorted({po.parents[3] for _language, _name, po in catalogues(base)})
    language_args = [arg for language in languages for arg in ("-l", language)]
    manage = str(base / "manage.py")
    for folder in folders:
        command = [sys.executable, manage, "makemessages", *language_args, "--no-obsolete"]
        if folder == base:  # the project catalogue: templates/ and cms/, not the apps with their own catalogue
            apps = {str(other.relative_to(base).parts[0]) for other in folders if other != base}
            command += [f"--ignore={name}" for name in sorted(apps | SKIP)]
        subprocess.run(command, cwd=folder, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


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
    parser.add_argument("--update", action="store_true", help="run makemessages for the -l languages first")
    args = parser.parse_args(argv)
    if args.update:
        if not args.language:
            parser.error("--update needs at least one -l LANGUAGE")
        update(args.language)

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
