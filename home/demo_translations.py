"""English translations of the demo city's own pages (issue 18): home, directory, map, collective intro, news and
standard pages. What owners wrote (businesses, campaigns) stays German: the English site shows it marked lang="de".

Idempotent: a page that already has an English translation is left alone. The translations are made as an editor
would (Wagtail's copy for translation, then the English text, then publish); wagtail-localize shows them in the
admin like any other translation. Leichte Sprache is a German page by nature and is not translated.
"""

from django.conf import settings

from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

LANGUAGE = "en"


def _p(html):
    return ("paragraph", {"text": RichText(html)})


def _h(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def _texts(city, platform):
    return {
        "home.homepage": {
            "title": "Home",
            "hero_heading": f"{city} sticks together.",
            "hero_text": (
                "Small shops, cafés, workshops and freelancers in your neighbourhood need support now. "
                "Find out who is open, delivers or offers pick-up – and help with a voucher."
            ),
            "intro": RichText(
                f"<p><b>{platform}</b> is the platform of {city}'s business development agency. Small local "
                "businesses show changed opening hours, delivery, pick-up and online shops here. With a campaign you "
                "can give money today and redeem a voucher later.</p>"
            ),
            "hero_primary_label": "Discover businesses",
            "hero_secondary_label": "To the city map",
            "seo_title": f"{platform} – {city}",
            "search_description": f"Find and support local businesses in {city}.",
        },
        "directory.directoryindexpage": {
            "title": "Businesses",
            "intro": RichText(f"<p>All businesses taking part in {city}: filter by district, category and offer.</p>"),
        },
        "directory.mappage": {
            "title": "Map",
            "intro": RichText("<p>All businesses on the map. The list below the map shows the same results.</p>"),
        },
        "collective.collectivecampaignindexpage": {
            "title": "Collective campaigns",
            "intro": RichText(
                "<p>Clubs, initiatives and neighbours support a whole group of businesses together – for example "
                "all the gastronomy of a district. Every euro is split openly and reported to the cent.</p>"
            ),
        },
        "home.newsindexpage": {
            "title": "News",
            "intro": RichText(f"<p>News from the business development agency and from the districts of {city}.</p>"),
        },
        "news:plattform-gestartet": {
            "title": f"{platform} is online",
            "teaser": f"From today, you find all participating businesses in {city} on a map and in a directory.",
        },
        "news:gutscheine-richtig-einloesen": {
            "title": "How to redeem vouchers",
            "teaser": "How to redeem your voucher in the shop later – and what businesses need to keep in mind.",
        },
        "news:sprechstunde-fuer-unternehmen": {
            "title": "Open consultation hours for businesses",
            "teaser": "Every Thursday we help with signing up, starting a campaign and questions about payouts.",
        },
        "standard:so-funktionierts": {
            "title": "How it works",
            "introduction": f"In three steps, businesses in {city} show how they are doing – and you help directly.",
            "body": [
                _h("For citizens"),
                _p(
                    "<ol><li>Search the map or the directory for shops near you.</li>"
                    "<li>See who is open, delivers or offers pick-up.</li>"
                    "<li>Support a campaign with an amount of your choice and receive a voucher.</li></ol>"
                ),
                _h("For businesses"),
                _p(
                    "<p>Sign up with your email address, enter your business and start a campaign. The editors of "
                    f"{platform} check every change before it goes live. Your dashboard works on a phone, too.</p>"
                ),
            ],
        },
        "standard:impressum": {
            "title": "Legal notice",
            "introduction": f"Information according to § 5 DDG (German Digital Services Act) for {platform}.",
            "body": [
                _h("Provider"),
                _p(f"<p>Business development agency {city}<br>Beispielstraße 1<br>{city}</p>"),
                _h("Contact"),
                _p('<p>Email: <a href="mailto:kontakt@example.org">kontakt@example.org</a>, phone 0800 000 0000</p>'),
            ],
        },
        "standard:datenschutz": {
            "title": "Privacy",
            "introduction": "How we handle your data: as little as possible, as long as necessary.",
            "body": [
                _h("Payments"),
                _p(
                    "<p>Payments are processed by Stripe. We store your name, email address and the amount to send "
                    "you your voucher.</p>"
                ),
                _h("Map"),
                _p("<p>Map tiles come from OpenStreetMap; your browser loads them only on the map page.</p>"),
                _h("Your rights"),
                _p(
                    "<p>You can see, export and delete your data at any time. Write to "
                    '<a href="mailto:kontakt@example.org">kontakt@example.org</a>.</p>'
                ),
            ],
        },
        "standard:barrierefreiheit": {
            "title": "Accessibility statement",
            "introduction": f"The business development agency {city} wants {platform} to be accessible to everyone.",
            "body": [
                _h("Compliance status"),
                _p(
                    "<p>This website largely meets the requirements of BITV 2.0 and WCAG 2.1 (level AA). "
                    "Everything works with the keyboard and without JavaScript.</p>"
                ),
                _h("Content that is not accessible"),
                _p(
                    "<p>The interactive map is only partly accessible. The directory offers the same information "
                    "as a list. Pictures uploaded by businesses do not always have a meaningful description.</p>"
                ),
                _h("Easy language"),
                _p(
                    '<p>A page in easy German (<span lang="de">Leichte Sprache</span>) explains the platform: '
                    '<a href="/leichte-sprache/" lang="de" hreflang="de">Leichte Sprache</a>. It is linked in every '
                    "page footer and on the start page.</p>"
                ),
                _h("Feedback and contact"),
                _p(
                    '<p>Have you noticed a problem? Write to <a href="mailto:kontakt@example.org">'
                    "kontakt@example.org</a> or call 0800 000 0000. We answer within two weeks.</p>"
                ),
            ],
        },
    }


def _news_body(teaser, platform):
    return [
        _p(
            f"<p>{teaser}</p><p>The editors of {platform} keep you up to date here. "
            "We gladly answer questions by email.</p>"
        ),
        (
            "quote",
            {
                "quote": "Every voucher helps us get through the next weeks.",
                "attribution": "An owner from the city centre",
            },
        ),
    ]


def _key(page):
    label = f"{page.content_type.app_label}.{page.content_type.model}"
    if label == "home.newspage":
        return f"news:{page.slug}"
    if label == "home.standardpage":
        return f"standard:{page.slug}"
    return label


def translate(ctx):
    """Create and publish the English translations of the demo's own pages (once)."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return
    source_locale = Locale.get_default()
    locale, _created = Locale.objects.get_or_create(language_code=LANGUAGE)
    texts = _texts(settings.CITY_NAME, settings.PLATFORM_NAME)
    made = 0
    # Parents first: a translation needs its parent's translation (the English home page is the English root).
    for page in Page.objects.filter(locale=source_locale, depth__gte=2).order_by("path"):
        fields = texts.get(_key(page))
        if fields is None or page.get_translation_or_none(locale) is not None or not page.live:
            continue
        parent = page.get_parent()
        if parent.depth >= 2 and parent.get_translation_or_none(locale) is None:
            continue  # its parent is not translated: the page is served in German under /en/
        translated = page.specific.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translated, name, value)
        if _key(page).startswith("news:"):
            translated.body = _news_body(fields["teaser"], settings.PLATFORM_NAME)
            translated.image_alt = "Illustration for the article"
        translated.save_revision().publish()
        made += 1
    if made:
        Site.clear_site_root_paths_cache()  # the English home page is a new site root for /en/
        ctx.log(f"English translations: {made} pages")
