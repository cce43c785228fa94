"""Demo data for the directory: districts, categories, ~100 businesses with hours, offers and logos.

`seed(ctx)` (contract in docs/DEVELOPING.md) is idempotent: it looks things up by slug and creates only what is
missing. City facts come from directory/cities/<DEMO_CITY>.json, never from code.
"""

import datetime as dt
import io
import json
import math
import random
from pathlib import Path

from PIL import Image as PILImage

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.models import Site

from directory.conf import conf
from directory.geo import format_location
from directory.illustrations import picture_png
from directory.images import logo_png
from directory.models import (
    AddressVisibility,
    BusinessGalleryImage,
    BusinessOffer,
    BusinessPage,
    Category,
    ClosingDay,
    DirectoryIndexPage,
    District,
    MapPage,
    RegularHours,
    TemporaryHours,
)

BUSINESSES_PER_DISTRICT = 8
CITIES_DIR = Path(__file__).resolve().parent / "cities"


def load_city(name=None):
    name = name or conf.DEMO_CITY
    if not name.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"Invalid DEMO_CITY {name!r}")
    with open(CITIES_DIR / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


def seed(ctx):
    city = load_city()
    districts = seed_districts(city)
    categories = seed_categories(city)
    home = _home_page()
    index = _child_page(home, DirectoryIndexPage, "unternehmen", "Unternehmen", ctx)
    _child_page(home, MapPage, "karte", "Karte", ctx)
    created = 0
    for district_data in city["districts"]:
        district = districts[district_data["slug"]]
        for number in range(BUSINESSES_PER_DISTRICT):
            if seed_business(ctx, city, index, district, district_data, categories, number):
                created += 1
    ctx.log(f"directory: {len(districts)} districts, {len(categories)} categories, {created} new businesses")


def seed_districts(city):
    result = {}
    for data in city["districts"]:
        district, _ = District.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "center_lat": data["lat"],
                "center_lng": data["lng"],
                "radius_m": data.get("radius_m", 1500),
            },
        )
        result[data["slug"]] = district
    return result


def seed_categories(city):
    result = {}
    for order, data in enumerate(city["categories"]):
        category, _ = Category.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "name_en": data.get("name_en", ""),
                "icon": data.get("icon", ""),
                "colour": data.get("colour", "#1d4ed8"),
                "sort_order": order,
            },
        )
        result[data["slug"]] = category
    return result


def _home_page():
    """The default site's root page: the directory and the map are created below it."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise RuntimeError("directory.demo needs a default site with a root page (run migrations first).")
    return site.root_page.specific


def _child_page(parent, model, slug, title, ctx):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(title=title, slug=slug)
    if model is DirectoryIndexPage:
        page.intro = (
            "<p>Alle Unternehmen der Stadt, die gerade anders arbeiten: geänderte Öffnungszeiten, Lieferung, "
            "Abholung, Online-Shop – und wie Sie sie unterstützen können.</p>"
        )
    else:
        page.intro = "<p>Alle Unternehmen auf der Karte. Die Liste unter der Karte zeigt dieselben Ergebnisse.</p>"
    parent.add_child(instance=page)
    page.save_revision().publish()
    ctx.log(f"created {model.__name__} /{slug}/")
    return page


def _point_in_district(rng, data, fraction=0.75):
    """A uniformly random point within `fraction` of the district's radius (stays inside the district)."""
    radius = data.get("radius_m", 1500) * fraction
    distance = radius * math.sqrt(rng.random())
    angle = rng.random() * 2 * math.pi
    lat = data["lat"] + distance * math.cos(angle) / 111_320
    lng = data["lng"] + distance * math.sin(angle) / (111_320 * math.cos(math.radians(data["lat"])))
    return round(lat, 6), round(lng, 6)


def _business_name(rng, city, category_slug):
    template = rng.choice(city["business_names"][category_slug])
    parts = {key: rng.choice(values) for key, values in city["name_parts"].items()}
    return template.format(**parts)


# A second category that fits the business (a random one made a second-hand shop a restaurant, and its picture a
# knife and fork). Each lies after the first in the city's order, so the first category stays the one pictured.
RELATED_CATEGORY = {
    "gastronomie": "kultur",
    "cafe-baeckerei": "lebensmittel",
    "lebensmittel": "blumen-garten",
    "mode": "kinder-familie",
    "buecher-medien": "kultur",
    "handwerk": "dienstleistungen",
    "friseur-kosmetik": "gesundheit-sport",
    "gesundheit-sport": "kinder-familie",
    "kultur": "kinder-familie",
}


def seed_business(ctx, city, index, district, district_data, categories, number):
    # One generator per business, seeded by its place in the city: re-runs (with or without other generators
    # before this one) produce the same businesses, so the slug check below makes the generator idempotent.
    rng = random.Random(f"{conf.get('DEMO_SEED')}:{district.slug}:{number}")
    category_slug = list(categories)[(number * 5 + len(district.slug)) % len(categories)]
    name = _business_name(rng, city, category_slug)
    slug = slugify(f"{name}-{district.slug}-{number + 1}")[:80]
    lat, lng = _point_in_district(rng, district_data)
    # Draw every random value before the idempotency check, so that re-runs produce the same sequence.
    street = f"{rng.choice(district_data['streets'])} {rng.randint(1, 160)}"
    postcode = rng.choice(district_data["postcodes"])
    flags = [rng.random() for _ in range(8)]
    if BusinessPage.objects.filter(slug=slug).exists():
        return False
    private = category_slug == "dienstleistungen" or flags[0] < 0.05
    category = categories[category_slug]
    page = BusinessPage(
        title=name,
        slug=slug,
        short_description=_short_description(category_slug, rng),
        description=(
            f"<p>{name} gehört seit vielen Jahren zu {district.name}. Wir freuen uns über jeden Besuch – "
            "und über jede Unterstützung in dieser schwierigen Zeit.</p>"
        ),
        district=district,
        street=street,
        postcode=postcode,
        city=city["name"],
        location=format_location(lat, lng),
        address_visibility=AddressVisibility.DISTRICT if private else AddressVisibility.EXACT,
        phone=f"0231 {rng.randint(100000, 9999999)}",
        email=f"kontakt@{slugify(name)[:30]}.example",
        website=f"https://{slugify(name)[:30]}.example/",
        offers_delivery=flags[1] < 0.4,
        offers_pickup=flags[2] < 0.55,
        has_online_shop=flags[3] < 0.3,
        sells_vouchers=flags[4] < 0.5,
        temporarily_closed=flags[5] < 0.06,
    )
    if page.has_online_shop:
        page.shop_url = f"https://shop.{slugify(name)[:30]}.example/"
    today = timezone.localdate()
    if flags[6] < 0.6:
        page.situation_note = rng.choice(
            [
                "Wir haben geöffnet, aber mit weniger Plätzen. Bitte bestellen Sie gern vorher telefonisch.",
                "Nur Abholung und Lieferung – bestellen Sie per Telefon oder E-Mail.",
                "Unser Laden ist zu, der Online-Shop ist offen. Gutscheine helfen uns jetzt besonders.",
                "Termine nur nach Vereinbarung. Wir halten alle Hygieneregeln ein.",
            ]
        )
        page.situation_updated = today - dt.timedelta(days=rng.randint(0, 20))
    _add_hours(page, category_slug, rng, today)
    _add_offers(page, rng, today)
    photo_rng = random.Random(f"photo:{slug}")  # its own generator: the rest of the demo stays as it was
    if photo_rng.random() < 0.25:  # most businesses show their category's illustration, a few a logo of initials
        page.logo = _logo(name, category.colour)
    index.add_child(instance=page)
    page.categories.add(category)
    rng.choice(list(categories))  # the second category was once drawn at random: keep the draw, the rest stays
    if flags[7] < 0.25 and RELATED_CATEGORY.get(category_slug) in categories:
        page.categories.add(categories[RELATED_CATEGORY[category_slug]])
    if photo_rng.random() < 0.6:
        photo = _photo(name, category, photo_rng)
        if photo:
            page.gallery_images = [BusinessGalleryImage(image=photo, caption="")]
    page.save_revision().publish()
    return True


def _short_description(category_slug, rng):
    texts = {
        "gastronomie": "Hausgemachte Küche aus dem Viertel – jetzt auch zum Mitnehmen.",
        "cafe-baeckerei": "Frisches Brot, Kuchen und Kaffee aus eigener Röstung.",
        "lebensmittel": "Regionale Lebensmittel, frisch und fair.",
        "mode": "Ausgewählte Mode und persönliche Beratung.",
        "buecher-medien": "Bücher, Musik und Empfehlungen mit Herz.",
        "handwerk": "Handwerk aus der Nachbarschaft – Reparatur statt Wegwerfen.",
        "friseur-kosmetik": "Schnitt, Farbe und Pflege mit Termin.",
        "gesundheit-sport": "Bewegung und Gesundheit – jetzt auch online.",
        "kultur": "Kultur im Viertel – Programm online und vor Ort.",
        "dienstleistungen": "Selbstständig aus dem Home-Office für Kundinnen und Kunden in der ganzen Stadt.",
        "kinder-familie": "Alles für Kinder und Familien im Stadtteil.",
        "blumen-garten": "Blumen, Pflanzen und Sträuße – auch zum Liefern.",
    }
    return texts.get(category_slug, "Ein Unternehmen aus der Nachbarschaft.")


def _add_hours(page, category_slug, rng, today):
    t = dt.time
    if category_slug == "gastronomie":
        for weekday in range(1, 7):
            page.regular_hours.add(RegularHours(weekday=weekday, opens=t(11, 30), closes=t(14, 30)))
            # Friday and Saturday past midnight.
            closes = t(1, 0) if weekday in (4, 5) else t(22, 0)
            page.regular_hours.add(RegularHours(weekday=weekday, opens=t(17, 30), closes=closes))
    elif category_slug == "cafe-baeckerei":
        for weekday in range(7):
            page.regular_hours.add(RegularHours(weekday=weekday, opens=t(7 if weekday < 6 else 8), closes=t(18)))
    elif category_slug == "dienstleistungen":
        for weekday in range(5):
            page.regular_hours.add(RegularHours(weekday=weekday, opens=t(9), closes=t(17)))
    else:
        lunch = rng.random() < 0.4
        for weekday in range(5):
            if lunch:
                page.regular_hours.add(RegularHours(weekday=weekday, opens=t(9), closes=t(12, 30)))
                page.regular_hours.add(RegularHours(weekday=weekday, opens=t(14, 30), closes=t(18, 30)))
            else:
                page.regular_hours.add(RegularHours(weekday=weekday, opens=t(10), closes=t(19)))
        page.regular_hours.add(RegularHours(weekday=5, opens=t(10), closes=t(16)))
    if rng.random() < 0.35:
        start = today - dt.timedelta(days=rng.randint(0, 10))
        end = today + dt.timedelta(days=rng.randint(10, 40))
        note = rng.choice(["nur Abholung", "nur Lieferung", "verkürzte Öffnungszeiten"])
        for weekday in range(6):
            page.temporary_hours.add(
                TemporaryHours(valid_from=start, valid_until=end, weekday=weekday, opens=t(11), closes=t(14), note=note)
            )
    if rng.random() < 0.1:
        page.closing_days.add(ClosingDay(date=today + dt.timedelta(days=rng.randint(1, 6)), note="Inventur"))


def _add_offers(page, rng, today):
    offers = [
        "Mittagstisch zum Mitnehmen",
        "Lieferung ab 20 € kostenlos",
        "Gutschein kaufen, später einlösen",
        "10 % auf Online-Bestellungen",
        "Reparatur-Sprechstunde am Samstag",
    ]
    for _ in range(rng.randint(0, 2)):
        page.offers.add(
            BusinessOffer(title=rng.choice(offers), valid_until=today + dt.timedelta(days=rng.randint(5, 30)))
        )
    if rng.random() < 0.2:  # an expired one, which the page must not show
        page.offers.add(BusinessOffer(title="Osteraktion", valid_until=today - dt.timedelta(days=3)))


def _photo(name, category, rng):
    """A picture for the business drawn from its category's illustration (no stock photos, nothing downloaded)."""
    image_model = get_image_model()
    title = f"Bild {name}"
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    data = illustration_jpeg(category.icon, category.colour, rng)
    if not data:
        return None
    alt = f"Illustration: {category.name}"
    image = image_model(
        title=title, description=alt, file=ImageFile(io.BytesIO(data), name=f"bild-{slugify(name)[:40]}.jpg")
    )
    image.save()
    return image


def illustration_jpeg(key, colour, rng, width=1200, height=675):
    """A JPEG of directory.illustrations.picture_png(), or None without the rasteriser."""
    png = picture_png(key, colour, rng, width, height)
    if not png:
        return None
    out = io.BytesIO()
    PILImage.open(io.BytesIO(png)).convert("RGB").save(out, "JPEG", quality=84, optimize=True)
    return out.getvalue()


def _logo(name, colour):
    image_model = get_image_model()
    title = f"Logo {name}"
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    data = logo_png(name, colour)
    image = image_model(title=title, file=ImageFile(io.BytesIO(data), name=f"logo-{slugify(name)[:40]}.png"))
    image.save()
    return image


__all__ = ["load_city", "seed"]
