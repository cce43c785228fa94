"""Seed a big city on top of the demo city: N businesses, N/10 campaigns, 10 paid pledges per business.

    python -c "import django; django.setup(); from bench.seed_big_city import seed; print(seed(5000))"

Run it after `migrate` and `seed_demo` (which give the home page, menu, footer settings, districts, categories and
~100 fully saved demo businesses). Pages are inserted in bulk: treebeard paths computed here, base rows with
`bulk_create`, the page-type rows with a raw insert, opening-hour rows with `bulk_create` and `hours_data` filled
as `BusinessPage.save()` would. 20,000 businesses take about a minute on SQLite instead of the hours that
`add_child()` + revisions would need. What this skips, on purpose: revisions, the search index and the reference
index of the bulk pages (the benchmark measures the public site, not search or the admin).

Every business gets regular hours (Mon–Sat 9–18, rows and `hours_data`), every fourth a temporary rule, every 13th
shows only its district (privacy point). Campaigns hang below every tenth business, each with two rewards; pledges
are spread over the campaigns (a few with approved public messages).
"""

import datetime as dt
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Page

BATCH = 500


def _insert(model, objs, batch=5000):
    """INSERT rows of `model` with one single-row statement and executemany (no per-batch SQL assembly, which is
    most of `bulk_create`'s time at this size). Defaults and auto_now fields are applied as Django would; an
    auto-increment primary key left empty is filled by the database (the objects do not learn it)."""
    from django.db import connection

    fields = [
        f
        for f in model._meta.local_concrete_fields
        if not (
            f.primary_key and f.get_internal_type() in ("AutoField", "BigAutoField") and objs and objs[0].pk is None
        )
    ]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608, E501
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch):
            rows = [
                [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                for obj in objs[start : start + batch]
            ]
            cursor.executemany(sql, rows)


def _bulk_add_children(parent, instances):
    """Add live pages of one concrete type below `parent` without per-page saves; returns them with pks set."""
    parent.refresh_from_db(fields=["numchild", "path", "depth", "url_path", "locale"])
    return _bulk_add_pages([(parent, page) for page in instances])


def _bulk_add_pages(pairs):
    """Add live pages of one concrete type, each below its (parent, page) parent, in a few statements."""
    model = type(pairs[0][1])
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    children = {}
    base_rows = []
    for parent, page in pairs:
        children[parent.pk] = children.get(parent.pk, parent.numchild) + 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, children[parent.pk])
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.live = True
        page.has_unpublished_changes = False
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.translation_key = page.translation_key or uuid.uuid4()
        page.first_published_at = page.last_published_at = now
        base_rows.append(Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields}))
    Page.objects.bulk_create(base_rows, batch_size=BATCH)
    if base_rows[0].pk is None:  # a backend that returns no ids from bulk inserts: read them back by path
        ids = dict(Page.objects.filter(path__in=[p.path for p in base_rows]).values_list("path", "pk"))
        for base in base_rows:
            base.pk = base.id = ids[base.path]
    pages = [page for _parent, page in pairs]
    for page, base in zip(pages, base_rows, strict=True):
        page.page_ptr_id = page.id = base.pk
    _insert(model, pages)
    by_count = {}
    for pk, count in children.items():
        by_count.setdefault(count, []).append(pk)
    for count, pks in by_count.items():
        Page.objects.filter(pk__in=pks).update(numchild=count)
    for parent, _page in pairs:
        parent.numchild = children[parent.pk]
    return pages


def _hours(rng, today, with_temporary):
    from directory.opening_hours_logic import Rules

    closes = rng.choice([dt.time(18), dt.time(19), dt.time(20)])
    rules = Rules(regular=[(weekday, dt.time(9), closes) for weekday in range(6)])
    if with_temporary:
        rules.temporary.append(
            (
                today - dt.timedelta(days=3),
                today + dt.timedelta(days=20),
                None,
                dt.time(11),
                dt.time(14),
                "nur Abholung",
            )
        )
    return rules


@transaction.atomic
def seed(businesses=5000, campaigns=None, pledges=None, seed_value=20200315):
    """Add `businesses` bulk businesses (idempotent: does nothing when they exist). Returns counts."""
    from directory.collation import sort_key
    from directory.demo import load_city, seed_categories, seed_districts
    from directory.factories import directory_index
    from directory.geo import derive_coordinates, format_location
    from directory.models import BusinessPage, RegularHours, TemporaryHours
    from directory.opening_hours_logic import rules_to_data
    from fundraising import totals
    from fundraising.models import CampaignPage, Pledge, PledgeState, Reward

    campaigns = businesses // 10 if campaigns is None else campaigns
    pledges = businesses * 10 if pledges is None else pledges
    existing = BusinessPage.objects.filter(slug__startswith="bench-laden-").count()
    if existing:
        return {"seeded": False, "bench_businesses": existing, "businesses": BusinessPage.objects.count()}

    rng = random.Random(seed_value)
    city = load_city()
    districts = list(seed_districts(city).values())
    categories = list(seed_categories(city).values())
    index = directory_index()
    locale = Locale.get_default()
    today = timezone.localdate()

    pages, hours, temporary = [], [], []
    for n in range(businesses):
        district = districts[n % len(districts)]
        lat = district.center_lat + rng.uniform(-0.008, 0.008)
        lng = district.center_lng + rng.uniform(-0.012, 0.012)
        page = BusinessPage(
            title=f"Laden {n} am Markt",
            slug=f"bench-laden-{n}",
            short_description="Ein kleiner Laden mit großem Herz, seit Jahren im Viertel – jetzt mit Lieferung.",
            description="<p>Wir sind für Sie da: Beratung, Abholung und Lieferung im ganzen Stadtteil.</p>",
            district=district,
            street=f"Marktstraße {n % 200 + 1}",
            postcode=f"44{n % 100:03d}",
            city=city.get("name", "Dortmund"),
            location=format_location(lat, lng),
            address_visibility="district" if n % 13 == 0 else "exact",
            phone="0231 123456",
            website="https://example.org/",
            offers_delivery=rng.random() < 0.3,
            offers_pickup=rng.random() < 0.5,
            has_online_shop=rng.random() < 0.2,
            sells_vouchers=rng.random() < 0.4,
            temporarily_closed=rng.random() < 0.03,
            locale=locale,
            translation_key=uuid.uuid4(),
        )
        derive_coordinates(page)
        page.sort_key = sort_key(page.title)  # what BusinessPage.save() keeps (no save() in a bulk insert)
        rules = _hours(rng, today, with_temporary=n % 4 == 0)
        page.hours_data = rules_to_data(rules)
        page._rules = rules
        pages.append(page)
    _bulk_add_children(index, pages)

    through = BusinessPage.categories.through
    links = [through(businesspage_id=p.pk, category_id=categories[n % len(categories)].pk) for n, p in enumerate(pages)]
    _insert(through, links)
    for page in pages:
        for sort_order, (weekday, opens, closes) in enumerate(page._rules.regular):
            hours.append(
                RegularHours(page_id=page.pk, weekday=weekday, opens=opens, closes=closes, sort_order=sort_order)
            )
        for sort_order, (valid_from, valid_until, weekday, opens, closes, note) in enumerate(page._rules.temporary):
            temporary.append(
                TemporaryHours(
                    page_id=page.pk,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    weekday=weekday,
                    opens=opens,
                    closes=closes,
                    note=note,
                    sort_order=sort_order,
                )
            )
    _insert(RegularHours, hours)
    _insert(TemporaryHours, temporary)

    campaign_pages, rewards = [], []
    step = max(1, businesses // max(1, campaigns))
    for n in range(campaigns):
        business = pages[n * step]
        campaign_pages.append(
            CampaignPage(
                title=f"Hilfe für Laden {n * step}",
                slug="aktion",
                story="<p>Wir brauchen Ihre Unterstützung, damit wir die Krise überstehen.</p>",
                goal_cents=rng.choice([200_000, 500_000, 1_000_000]),
                start_date=today - dt.timedelta(days=10),
                end_date=today + dt.timedelta(days=20),
                business_page_id=business.pk,
                locale=locale,
            )
        )
    if campaign_pages:
        _bulk_add_pages([(pages[n * step], campaign) for n, campaign in enumerate(campaign_pages)])
    for campaign in campaign_pages:
        for sort_order, (title, cents) in enumerate([("Gutschein 25 €", 2500), ("Gutschein 50 €", 5000)]):
            rewards.append(
                Reward(
                    page_id=campaign.pk,
                    title=title,
                    min_pledge_cents=cents,
                    voucher_value_cents=cents,
                    sort_order=sort_order,
                )
            )
    if rewards:
        _insert(Reward, rewards)

    now = timezone.now()
    rows = []
    for n in range(pledges if campaign_pages else 0):
        campaign = campaign_pages[n % len(campaign_pages)]
        with_message = n % 50 == 0
        rows.append(
            Pledge(
                target_id=campaign.pk,
                campaign_id=campaign.pk,
                business_id=campaign.business_page_id,
                amount_cents=rng.choice([500, 1000, 2500, 5000, 10000]),
                name=f"Unterstützerin {n}",
                email=f"bench{n}@example.org",
                display_name=f"U. {n}",
                message="Halten Sie durch!" if with_message else "",
                message_approved=with_message,
                state=PledgeState.PAID,
                paid_at=now - dt.timedelta(minutes=n),
            )
        )
    _insert(Pledge, rows)
    totals.rebuild_all()  # the INSERTs above bypass Pledge's queryset, which keeps the totals
    return {
        "seeded": True,
        "bench_businesses": len(pages),
        "businesses": BusinessPage.objects.count(),
        "campaigns": len(campaign_pages),
        "pledges": len(rows),
    }
