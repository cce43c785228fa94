"""Directory benchmark: 5,000 published businesses in a temporary SQLite database.

    .venv/bin/python bench/directory_bench.py [--businesses 5000] [--keep]

Prints: SQL query counts of the directory page, the map page and the API list endpoints (at two data sizes, to show
that they do not grow), the uncached build time of the full-city GeoJSON (target < 150 ms) and its gzipped size
(target < 400 KB). Pages are created directly (treebeard paths computed in bulk, one INSERT per table batch), not
through 5,000 revisions.
"""

import argparse
import datetime as dt
import gzip
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_path):
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("REDIS_URL", "")
    import django

    django.setup()


def create_data(total, start=0):
    """Create businesses number start..total-1 (districts, categories and pages are created in bulk)."""
    import random

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from wagtail.models import Locale, Page

    from directory.demo import load_city, seed_categories, seed_districts
    from directory.geo import format_location, privacy_point
    from directory.models import BusinessPage, DirectoryIndexPage, RegularHours, TemporaryHours
    from directory.opening_hours_logic import Rules, rules_to_data
    from home.models import HomePage

    rng = random.Random(start + 42)
    city = load_city("dortmund")
    districts = list(seed_districts(city).values())
    categories = list(seed_categories(city).values())
    home = HomePage.objects.first()
    index = DirectoryIndexPage.objects.first()
    if index is None:
        index = DirectoryIndexPage(title="Unternehmen", slug="unternehmen")
        home.add_child(instance=index)
        index.save_revision().publish()
        from directory.models import MapPage

        map_page = MapPage(title="Karte", slug="karte")
        home.add_child(instance=map_page)
        map_page.save_revision().publish()
        index.refresh_from_db()
    content_type = ContentType.objects.get_for_model(BusinessPage)
    locale = Locale.get_default()
    now = timezone.now()
    count = total - start
    pages, extra = [], []
    for n in range(start, total):
        district = districts[n % len(districts)]
        lat = district.center_lat + rng.uniform(-0.008, 0.008)
        lng = district.center_lng + rng.uniform(-0.012, 0.012)
        private = n % 13 == 0
        key = uuid.uuid4()
        public = privacy_point(district, key) if private else (lat, lng)
        slug = f"laden-{n}"
        pages.append(
            Page(
                title=f"Laden {n}",
                draft_title=f"Laden {n}",
                slug=slug,
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now - dt.timedelta(minutes=n),
                last_published_at=now - dt.timedelta(minutes=n),
                url_path=f"{index.url_path}{slug}/",
                locale=locale,
                translation_key=key,
                depth=index.depth + 1,
                path=Page._get_path(index.path, index.depth + 1, index.numchild + 1 + (n - start)),
                numchild=0,
            )
        )
        extra.append((district, lat, lng, public, private))
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=500)
        Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
        created = list(Page.objects.filter(path__startswith=index.path, depth=index.depth + 1).order_by("path"))[
            -count:
        ]
        fields = list(BusinessPage._meta.local_concrete_fields)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {BusinessPage._meta.db_table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        rows, hours, temporary, links = [], [], [], []
        today = timezone.localdate()
        through = BusinessPage.categories.through
        for page, (district, lat, lng, public, private) in zip(created, extra, strict=True):
            rule = Rules(regular=[(weekday, dt.time(9), dt.time(18)) for weekday in range(6)])
            if page.pk % 4 == 0:
                rule.temporary.append(
                    (
                        today - dt.timedelta(days=3),
                        today + dt.timedelta(days=20),
                        None,
                        dt.time(11),
                        dt.time(14),
                        "nur Abholung",
                    )
                )
            values = {
                "hours_data": rules_to_data(rule),
                "page_ptr": page.pk,
                "short_description": "Ein kleiner Laden um die Ecke – jetzt mit Lieferung und Abholung.",
                "description": "<p>Beschreibung</p>",
                "logo": None,
                "district": district.pk,
                "street": "Kampstraße 1",
                "postcode": "44137",
                "city": "Dortmund",
                "geocoding_address": "",
                "location": format_location(lat, lng),
                "zoom": 16,
                "address_visibility": "district" if private else "exact",
                "lat": lat,
                "lng": lng,
                "public_lat": public[0],
                "public_lng": public[1],
                "phone": "0231 123456",
                "email": "",
                "website": "https://example.org/",
                "shop_url": "",
                "instagram_url": "",
                "facebook_url": "",
                "mastodon_url": "",
                "offers_delivery": rng.random() < 0.4,
                "offers_pickup": rng.random() < 0.5,
                "has_online_shop": rng.random() < 0.3,
                "sells_vouchers": rng.random() < 0.5,
                "temporarily_closed": rng.random() < 0.05,
                "situation_note": "",
                "situation_updated": None,
            }
            rows.append([f.get_db_prep_save(values[f.name], connection) for f in fields])
            links.append(through(businesspage_id=page.pk, category_id=categories[page.pk % len(categories)].pk))
            for weekday in range(6):
                hours.append(RegularHours(page_id=page.pk, weekday=weekday, opens=dt.time(9), closes=dt.time(18)))
            if page.pk % 4 == 0:
                temporary.append(
                    TemporaryHours(
                        page_id=page.pk,
                        valid_from=today - dt.timedelta(days=3),
                        valid_until=today + dt.timedelta(days=20),
                        opens=dt.time(11),
                        closes=dt.time(14),
                        note="nur Abholung",
                    )
                )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        through.objects.bulk_create(links, batch_size=1000)
        RegularHours.objects.bulk_create(hours, batch_size=1000)
        TemporaryHours.objects.bulk_create(temporary, batch_size=1000)


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.cache import invalidate_directory_cache

    invalidate_directory_cache()
    client.get(url)  # warm-up (site root paths)
    invalidate_directory_cache()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


URLS = [
    "/unternehmen/",
    "/unternehmen/?open=1&service=delivery&sort=newest&page=3",
    "/karte/?district=eving",
    "/api/v1/businesses/",
    "/api/v1/businesses/?open=1&category=gastronomie&service=pickup",
    "/api/v1/businesses/?page=2&page_size=10",
    "/api/v1/businesses.geojson?district=eving",
    "/api/v1/businesses.csv?district=eving",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()
    db_path = Path(tempfile.gettempdir()) / f"directory-bench-{os.getpid()}.sqlite3"
    setup_django(db_path)
    from django.core.management import call_command
    from django.test import Client

    print(f"Database: {db_path}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")

    small = 50
    started = time.perf_counter()
    create_data(small)
    client = Client()
    counts_small = {url: count_queries(client, url) for url in URLS}
    create_data(args.businesses, start=small)
    print(f"created {args.businesses} published businesses in {time.perf_counter() - started:.1f} s")
    counts_large = {url: count_queries(client, url) for url in URLS}

    print()
    print(f"{'SQL queries':<60} {small:>8} {args.businesses:>8}")
    for url in URLS:
        flag = "" if counts_large[url] <= counts_small[url] else "  <-- grows!"
        print(f"{url:<60} {counts_small[url]:>8} {counts_large[url]:>8}{flag}")

    from django.utils import translation

    from directory.api import _json
    from directory.models import BusinessPage
    from directory.serializers import geojson_collection

    translation.activate("de")
    queryset = BusinessPage.objects.live().public().order_by("title")
    timings, cpu = [], []
    body = b""
    for _ in range(15):
        started, started_cpu = time.perf_counter(), time.process_time()
        body = _json(geojson_collection(queryset.all()))  # what the endpoint builds on a cache miss
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    features = body.count(b'"Feature"')
    gz = len(gzip.compress(body, compresslevel=6))
    median = statistics.median(timings)
    print()
    print(f"Full-city GeoJSON: {features} features, {len(body) / 1024:.0f} KB raw, {gz / 1024:.0f} KB gzipped")
    print(f"  build time uncached (median of 15): {median:.0f} ms (min {min(timings):.0f}, max {max(timings):.0f})")
    cpu_median = statistics.median(cpu)
    print(f"  CPU time of this process (median; excludes waiting for a shared CPU): {cpu_median:.0f} ms")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print(f"  note: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs – wall times are inflated")
    size_ok = "OK" if gz < 400 * 1024 else "MISSED"
    wall_ok, cpu_ok = ("OK" if median < 150 else "MISSED"), ("OK" if cpu_median < 150 else "MISSED")
    print(f"  target < 150 ms: {wall_ok} (wall), {cpu_ok} (CPU)")
    print(f"  target < 400 KB gzipped: {size_ok}")

    from directory.cache import invalidate_directory_cache

    http = []
    for _ in range(3):
        invalidate_directory_cache()
        started = time.perf_counter()
        response = client.get("/api/v1/businesses.geojson")
        http.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    client.get("/api/v1/businesses.geojson")
    cached = (time.perf_counter() - started) * 1000
    print(f"  HTTP /api/v1/businesses.geojson: uncached {statistics.median(http):.0f} ms, cached {cached:.1f} ms")
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile_path = Path(tempfile.gettempdir()) / "directory-bench.prof"
        cProfile.runctx("_json(geojson_collection(queryset.all()))", globals(), locals(), str(profile_path))
        pstats.Stats(str(profile_path)).sort_stats("tottime").print_stats(20)
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
