"""Demo data: one district imported from an OpenStreetMap-format extract (directory/cities/<city>-import.osm),
as an agency would on its first day. Half of the imported businesses are published (the editors have checked
them: their pages carry the ODbL attribution and "not yet confirmed by the business"); the rest wait unpublished
for their owners, who get claim letters (owners.demo). Idempotent: runs the import only once."""

from django.contrib.auth.models import Group

from directory import importers
from directory.demo import CITIES_DIR, load_city
from directory.models import BusinessPage, ListingSource


def seed(ctx):
    city = load_city()
    path = CITIES_DIR / f"{city['name'].lower()}-import.osm"
    if not path.is_file():
        ctx.log("directory.demo_import: no import sample for this city")
        return
    if ListingSource.objects.filter(source="osm").exists():
        ctx.log("directory.demo_import: already imported")
        return
    group = Group.objects.filter(name="Redaktion").first()
    editor = group.user_set.order_by("pk").first() if group else None
    report = importers.run(path.read_bytes(), "osm", importers.Options(user=editor))
    created = sorted(r.business_id for r in report.results if r.action == "created")
    for number, page in enumerate(BusinessPage.objects.filter(pk__in=created).order_by("title")):
        if number % 2 == 0:
            page.save_revision(user=editor).publish(user=editor)
    counts = report.counts
    ctx.log(
        f"directory.demo_import: {counts['created']} businesses imported from {path.name} "
        f"({counts['skipped']} skipped, {counts['error']} errors); every second one published"
    )
