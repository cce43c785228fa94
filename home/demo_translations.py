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


def _faq(question, answer):
    return {"question": question, "answer": RichText(f"<p>{answer}</p>")}


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
        "standard:nutzungsbedingungen": {
            "title": "Terms of use",
            "introduction": f"The terms for payments and vouchers on {platform}.",
            "body": [
                _h("Who does what"),
                _p(
                    f"<p>{platform} is run by {settings.PLATFORM_OPERATOR_NAME}. The platform arranges payments to "
                    f"businesses in {city}. A voucher is issued by the business named on it; a city-wide voucher of a "
                    "joint campaign by the operator.</p>"
                ),
                _h("What a payment is"),
                _p(
                    "<p>A payment is either <b>support without anything in return</b> or the purchase of a "
                    "<b>voucher</b> – usually a multi-purpose voucher (§ 3 (15) UStG), on which VAT falls due only "
                    "when it is redeemed; a single-purpose voucher (§ 3 (14) UStG) names its VAT rate. What you pay "
                    "above the voucher's price is support.</p>"
                ),
                _p(
                    "<p>Support is not a donation to a charity. There is <b>no donation receipt</b> "
                    "(Zuwendungsbestätigung); you receive a payment confirmation for every payment.</p>"
                ),
                _h("Validity"),
                _p(
                    "<p>A voucher is valid at least until the end of the third year after its purchase "
                    "(§§ 195, 199 BGB). If a business closes for good, we offer you a refund of the remaining value "
                    "or an exchange into a city-wide voucher.</p>"
                ),
                _h("Right of withdrawal"),
                _p(
                    "<p>You may withdraw from the purchase of a voucher bought online within fourteen days. The "
                    'withdrawal information and the model withdrawal form are <a href="/en/unterstuetzen/widerruf/">'
                    "here</a> and in your confirmation email.</p>"
                ),
                _p("<p><i>This is demo content. Have the terms of use reviewed before the launch.</i></p>"),
            ],
        },
        "standard:so-funktioniert-unterstuetzung": {
            "title": "How support works",
            "introduction": f"What happens to your money when you support a business in {city}.",
            "body": [
                (
                    "faq",
                    {
                        "title": "Frequently asked questions about support",
                        "items": [
                            _faq(
                                "Is my support a donation?",
                                "No. Support goes to a business, not to a charity. There is no donation receipt "
                                "(Zuwendungsbestätigung), and you cannot deduct the amount from your taxes. You "
                                "receive a payment confirmation.",
                            ),
                            _faq(
                                "What is the difference between a voucher and support?",
                                "With a voucher you buy a value that you redeem later. Everything you pay above the "
                                "voucher's price is support without anything in return.",
                            ),
                            _faq(
                                "How long is my voucher valid?",
                                "At least until the end of the third year after the purchase.",
                            ),
                            _faq(
                                "What happens if the business closes?",
                                "You receive an email and choose within a deadline: a refund of the remaining value "
                                "or an exchange into a city-wide voucher of the same value.",
                            ),
                            _faq(
                                "Can I withdraw from the purchase?",
                                "Yes, from a voucher bought online within fourteen days. The withdrawal information "
                                "is shown in the payment form and in your confirmation email.",
                            ),
                            _faq(
                                f"Who runs {platform}?",
                                f"{settings.PLATFORM_OPERATOR_NAME}. It arranges the payments; your voucher is "
                                "issued by the business.",
                            ),
                        ],
                    },
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
