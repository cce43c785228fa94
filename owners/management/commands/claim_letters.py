"""manage.py claim_letters -o letters.pdf [--district SLUG …] [--category SLUG …] [--source osm] [--all]

Prints claim letters (one page each) for businesses without an owner; see owners/claim_letters.py."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.models import Category, District
from owners.claim_letter_pdf import build_pdf
from owners.claim_letters import create_letters
from owners.letter_admin import MAX_LETTERS, candidates


class Command(BaseCommand):
    help = "Create claim letters (PDF) for businesses without an owner."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--district", action="append", default=[])
        parser.add_argument("--category", action="append", default=[])
        parser.add_argument("--source", default="")
        parser.add_argument("--all", action="store_true", help="also businesses that already had a letter")

    def handle(self, *args, **options):
        districts = list(District.objects.filter(slug__in=options["district"]))
        categories = list(Category.objects.filter(slug__in=options["category"]))
        if len(districts) != len(set(options["district"])) or len(categories) != len(set(options["category"])):
            raise CommandError("Unknown district or category slug.")
        businesses = list(
            candidates(
                {
                    "districts": districts,
                    "categories": categories,
                    "source": options["source"],
                    "only_new": not options["all"],
                }
            )[: MAX_LETTERS + 1]
        )
        if len(businesses) > MAX_LETTERS:
            raise CommandError(f"More than {MAX_LETTERS} businesses; narrow the selection.")
        entries = create_letters(businesses)
        Path(options["output"]).write_bytes(build_pdf(entries))
        self.stdout.write(f"{len(entries)} letters written to {options['output']}")
