"""Seed a big city for the load benchmark: 5,000 businesses, 500 campaigns, 50,000 paid pledges.

Pages are inserted in bulk (treebeard paths computed here; base rows with bulk_create, the page-type rows with a
raw insert), which takes seconds instead of the many minutes that add_child() would need for 5,500 pages. The
search index is not filled for them (the benchmark does not measure search). Run inside Django:

    python -c "import django; django.setup(); from bench.seed_big_city import seed; seed()"
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

BATCH = 500


def _bulk_add_children(parent, instances):
    """Add live pages of one concrete type below `parent` without per-page saves."""
    model = type(instances[0])
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    start = parent.numchild
    base_rows = []
    for offset, page in enumerate(instances, start=1):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, start + offset)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.live = True
        page.has_unpublished_changes = False
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.translation_key = uuid.uuid4()
        page.first_published_at = page.last_published_at = now
        base_rows.append(Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields}))
    for i in range(0, len(base_rows), BATCH):
        Page.objects.bulk_create(base_rows[i : i + BATCH])
    for page, base in zip(instances, base_rows, strict=True):
        page.page_ptr_id = page.id = base.pk
    fields = list(model._meta.local_concrete_fields)
    for i in range(0, len(instances), BATCH):
        model._base_manager._insert(instances[i : i + BATCH], fields=fields, raw=True)
    Page.objects.filter(pk=parent.pk).update(numchild=start + len(instances))
    parent.numchild = start + len(instances)
    return instances


@transaction.atomic
def seed(businesses=5000, campaigns=500, pledges=50_000, seed_value=20200315):
    from directory.factories import CategoryFactory, DistrictFactory, directory_index
    from directory.geo import derive_coordinates
    from directory.models import BusinessPage
    from fundraising.models import CampaignPage, Pledge, PledgeState

    rng = random.Random(seed_value)
    index = directory_index()
    if BusinessPage.objects.count() >= businesses:
        return {"seeded": False, "businesses": BusinessPage.objects.count()}
    districts = [DistrictFactory(name=f"Bezirk {n}", slug=f"bench-bezirk-{n}") for n in range(12)]
    categories = [CategoryFactory(name=f"Branche {n}", slug=f"bench-branche-{n}") for n in range(15)]

    pages = []
    for n in range(businesses):
        lat, lng = 51.45 + rng.random() * 0.12, 7.35 + rng.random() * 0.25
        page = BusinessPage(
            title=f"Laden {n} am Markt",
            slug=f"bench-laden-{n}",
            short_description="Ein kleiner Laden mit großem Herz, seit Jahren im Viertel.",
            district=rng.choice(districts),
            street=f"Marktstraße {n % 200 + 1}",
            postcode=f"44{n % 100:03d}",
            city="Benchstadt",
            location=f"SRID=4326;POINT({lng:.6f} {lat:.6f})",
            offers_delivery=rng.random() < 0.3,
            offers_pickup=rng.random() < 0.5,
            has_online_shop=rng.random() < 0.2,
            sells_vouchers=rng.random() < 0.4,
        )
        derive_coordinates(page)
        pages.append(page)
    _bulk_add_children(index, pages)
    through = BusinessPage.categories.through
    through.objects.bulk_create(
        [through(businesspage_id=p.pk, category_id=rng.choice(categories).pk) for p in pages], batch_size=BATCH
    )

    today = timezone.localdate()
    campaign_pages = []
    for n, business in enumerate(pages[:campaigns]):
        campaign = CampaignPage(
            title=f"Hilfe für Laden {n}",
            slug="aktion",
            story="<p>Wir brauchen eure Unterstützung, damit wir die Krise überstehen.</p>",
            goal_cents=rng.choice([200_000, 500_000, 1_000_000]),
            start_date=today - datetime.timedelta(days=10),
            end_date=today + datetime.timedelta(days=20),
            business_page_id=business.pk,
        )
        _bulk_add_children(business, [campaign])
        campaign_pages.append(campaign)

    now = timezone.now()
    rows = []
    for n in range(pledges):
        campaign = campaign_pages[n % len(campaign_pages)]
        rows.append(
            Pledge(
                campaign_id=campaign.pk,
                business_id=campaign.business_page_id,
                amount_cents=rng.choice([500, 1000, 2500, 5000, 10000]),
                name=f"Unterstützerin {n}",
                email=f"bench{n}@example.org",
                display_name=f"U. {n}",
                state=PledgeState.PAID,
                paid_at=now - datetime.timedelta(minutes=n),
            )
        )
    Pledge.objects.bulk_create(rows, batch_size=2000)
    return {"seeded": True, "businesses": len(pages), "campaigns": len(campaign_pages), "pledges": len(rows)}
