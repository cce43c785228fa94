"""manage.py import_businesses FILE — businesses from a register (CSV), an OSM extract (XML/PBF) or GeoJSON.

Imported businesses are unpublished and without owners; a re-run updates them. See directory/README.md ("Import").
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directory import importers
from directory.importers.runs import store_report
from directory.models import ImportRun, ImportStatus


class Command(BaseCommand):
    help = "Import businesses from a CSV register, an OpenStreetMap extract (.osm, .osm.pbf) or GeoJSON."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=importers.FORMATS, help="default: from the file name")
        parser.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
        parser.add_argument("--all-or-nothing", action="store_true", help="any bad row rolls the whole import back")
        parser.add_argument("--source", default="register", help="CSV: the source's short key (default: register)")
        parser.add_argument("--source-name", default="", help="CSV: the source's name, e.g. 'IHK Dortmund'")
        parser.add_argument("--licence", default="", help="CSV: the data's licence, e.g. 'dl-de/by-2-0'")
        parser.add_argument("--attribution", default="", help="CSV: attribution text the licence asks for")
        parser.add_argument("--category-map", default="", help="a JSON file like directory/importers/category_map.json")
        parser.add_argument("--default-category", default="", help="category slug for rows/objects without one")
        parser.add_argument("--verbose-rows", action="store_true", help="list unchanged rows too")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        fmt = options["format"] or importers.guess_format(path.name)
        if fmt is None:
            raise CommandError("Cannot tell the format from the file name; pass --format.")
        source = importers.register_source(
            options["source"], options["source_name"], options["licence"], options["attribution"]
        )
        run_options = importers.Options(
            dry_run=options["dry_run"],
            all_or_nothing=options["all_or_nothing"],
            default_category=options["default_category"],
            category_map=options["category_map"],
        )
        run = ImportRun.objects.create(
            format=fmt,
            filename=path.name[:200],
            source=source.key,
            dry_run=run_options.dry_run,
            status=ImportStatus.RUNNING,
        )
        try:
            report = importers.run(path.read_bytes(), fmt, run_options, source)
        except importers.ImportFileError as error:
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.FAILED, error=str(error), finished_at=timezone.now()
            )
            raise CommandError(str(error)) from None
        store_report(run, report)
        self._print(report, options["verbose_rows"], run_options.dry_run)

    def _print(self, report, verbose, dry_run):
        for note in report.notes:
            self.stdout.write(note)
        for result in report.results:
            if result.action == "unchanged" and not verbose:
                continue
            detail = result.reason or ", ".join(result.changes)
            line = f"{result.line}: {result.action.upper()} {result.name}" + (f" – {detail}" if detail else "")
            style = self.style.ERROR if result.action == "error" else (lambda text: text)
            self.stdout.write(style(line))
        counts = report.counts
        summary = ", ".join(f"{counts[key]} {key}" for key in ("created", "updated", "unchanged", "skipped", "error"))
        prefix = "DRY RUN – nothing written: " if dry_run else ""
        if report.rolled_back:
            prefix = "ROLLED BACK (bad rows and --all-or-nothing) – nothing written: "
        self.stdout.write(self.style.SUCCESS(prefix + summary) if not counts["error"] else prefix + summary)
