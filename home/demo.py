"""Demo content of the home app: home page, standard pages, news, site settings, menu and the editorial accounts.

Idempotent: pages are looked up by slug, images by title, users by email; only what is missing is created.
German content; the city and platform names come from settings, never from this file.
"""

import datetime
import io
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from directory.demo import illustration_jpeg
from fundraising.models import FundraisingSettings

from . import demo_translations
from .models import CrisisSettings, HomePage, NewsIndexPage, NewsPage, Severity, SiteSettings, StandardPage

EDITOR_EMAIL = "redaktion@example.org"
ADMIN_EMAIL = "admin@example.org"
EDITOR_GROUP = "Redaktion"
EASY_LANGUAGE_SLUG = "leichte-sprache"


def seed(ctx):
    city = settings.CITY_NAME
    platform = settings.PLATFORM_NAME
    home = HomePage.objects.filter(locale=Locale.get_default()).get()  # the source tree (translations: en)
    _seed_home(ctx, home, city, platform)
    how = _standard_page(ctx, home, "so-funktionierts", "So funktioniert's", _how_it_works(city, platform), menu=True)
    news_index = _news_index(ctx, home, city)
    _news(ctx, news_index, city, platform)
    imprint = _standard_page(ctx, home, "impressum", "Impressum", _imprint(city, platform))
    privacy = _standard_page(ctx, home, "datenschutz", "Datenschutz", _privacy(city, platform))
    accessibility = _standard_page(
        ctx, home, "barrierefreiheit", "Erklärung zur Barrierefreiheit", _accessibility(city, platform)
    )
    _site_settings(ctx, city, imprint, privacy, accessibility)
    terms = _standard_page(ctx, home, "nutzungsbedingungen", "Nutzungsbedingungen", _terms(city, platform))
    support_faq = _standard_page(
        ctx, home, "so-funktioniert-unterstuetzung", "So funktioniert die Unterstützung", _support_faq(city, platform)
    )
    _fundraising_settings(ctx, terms, privacy, support_faq)
    easy = _standard_page(ctx, home, EASY_LANGUAGE_SLUG, "Leichte Sprache", _easy_language(city, platform))
    _easy_language_setting(ctx, easy)
    site_address_from_base_url(ctx)
    _crisis_banner(ctx, how)
    if home.hero_primary_page_id is None and how:
        home.hero_primary_page = how
        home.hero_primary_label = "So funktioniert's"
        _publish(home)
    _accounts(ctx)


def finish(ctx):
    """After all generators: point the hero buttons at the directory and the map once those exist."""
    home = HomePage.objects.filter(locale=Locale.get_default()).get()  # the source tree (translations: en)
    directory = Page.objects.live().filter(
        content_type__app_label="directory", content_type__model="directoryindexpage"
    )
    map_page = Page.objects.live().filter(content_type__app_label="directory", content_type__model="mappage")
    changed = False
    how = StandardPage.objects.filter(slug="so-funktionierts").first()
    if directory.exists() and (home.hero_primary_page_id is None or home.hero_primary_page_id == getattr(how, "pk", 0)):
        home.hero_primary_page = directory.first()
        home.hero_primary_label = "Unternehmen entdecken"
        changed = True
    if map_page.exists() and home.hero_secondary_page_id is None:
        home.hero_secondary_page = map_page.first()
        home.hero_secondary_label = "Zur Stadtkarte"
        changed = True
    if changed:
        _publish(home)
        ctx.log("home page: hero buttons linked to the directory and the map")
    _menu_first([directory.first(), map_page.first()], ctx)
    demo_translations.translate(ctx)


def _menu_first(pages, ctx):
    """Put the directory and the map at the start of the main menu (once; an editor's later order is kept)."""
    previous = None
    for page in filter(None, pages):
        page = page.specific
        if page.show_in_menus:
            previous = page
            continue
        page.show_in_menus = True
        _publish(page)
        if previous is None:
            page.move(page.get_parent(), pos="first-child")
        else:
            page.move(previous, pos="right")
        previous = Page.objects.get(pk=page.pk)
        ctx.log(f"main menu: {page.title}")


# Pages ---------------------------------------------------------------------------------------------------------


def _publish(page):
    page.save_revision().publish()


def _seed_home(ctx, home, city, platform):
    if home.hero_heading:
        return
    home.title = "Startseite"
    home.hero_heading = f"{city} hält zusammen."
    home.hero_text = (
        "Kleine Läden, Cafés, Werkstätten und Selbstständige aus der Nachbarschaft brauchen jetzt Unterstützung. "
        "Finden Sie heraus, wer geöffnet hat, liefert oder abholen lässt – und helfen Sie mit einem Gutschein."
    )
    home.intro = RichText(
        f"<p><b>{platform}</b> ist die Plattform der lokalen Wirtschaftsförderung für {city}. "
        "Hier stellen sich Kleinstunternehmen vor: geänderte Öffnungszeiten, Lieferung, Abholung, Online-Shop. "
        "Mit einer Unterstützungsaktion können Sie heute Geld geben und später einen Gutschein einlösen.</p>"
    )
    home.seo_title = f"{platform} – {city}"
    home.search_description = f"Lokale Unternehmen in {city} finden und unterstützen."
    _publish(home)
    ctx.log("home page: hero and intro")


def _standard_page(ctx, parent, slug, title, content, menu=False):
    existing = StandardPage.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    introduction, body = content
    page = StandardPage(title=title, slug=slug, introduction=introduction, body=body, show_in_menus=menu)
    parent.add_child(instance=page)
    _publish(page)
    ctx.log(f"standard page: {title}")
    return page


def _news_index(ctx, home, city):
    existing = NewsIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    page = NewsIndexPage(
        title="Neuigkeiten",
        slug="neuigkeiten",
        show_in_menus=True,
        intro=RichText(f"<p>Aktuelles aus der Wirtschaftsförderung und aus den Vierteln von {city}.</p>"),
    )
    home.add_child(instance=page)
    _publish(page)
    ctx.log("news index")
    return page


def _news(ctx, index, city, platform):
    today = timezone.localdate()
    items = [
        (
            "plattform-gestartet",
            f"{platform} ist online",
            today - datetime.timedelta(days=12),
            f"Ab heute finden Sie alle teilnehmenden Unternehmen aus {city} auf einer Karte und in einem Verzeichnis.",
            ["Plattform", "Start"],
            ("store", "#b3261e"),
        ),
        (
            "gutscheine-richtig-einloesen",
            "Gutscheine richtig einlösen",
            today - datetime.timedelta(days=6),
            "Wie Sie Ihren Gutschein später im Laden einlösen – und was Unternehmen dabei beachten müssen.",
            ["Gutscheine", "Tipps"],
            ("voucher", "#1f3147"),
        ),
        (
            "sprechstunde-fuer-unternehmen",
            "Offene Sprechstunde für Unternehmen",
            today - datetime.timedelta(days=2),
            "Jeden Donnerstag helfen wir beim Eintragen, beim Start einer Aktion und bei Fragen zur Auszahlung.",
            ["Unternehmen", "Beratung"],
            ("help", "#1c6b3a"),
        ),
    ]
    for slug, title, date, teaser, tags, (picture, colour) in items:
        if NewsPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        image = _demo_image(ctx, f"Demo: {title}", picture, colour)
        body = [
            (
                "paragraph",
                {
                    "text": RichText(
                        f"<p>{teaser}</p><p>Die Redaktion von {platform} hält Sie hier auf dem "
                        "Laufenden. Fragen beantworten wir gern per E-Mail.</p>"
                    )
                },
            ),
            (
                "quote",
                {
                    "quote": "Jeder Gutschein hilft uns, die nächsten Wochen zu überstehen.",
                    "attribution": "Eine Inhaberin aus der Innenstadt",
                },
            ),
        ]
        page = NewsPage(
            title=title,
            slug=slug,
            date=date,
            teaser=teaser,
            image=image,
            image_alt="Illustration zum Beitrag",
            body=body,
        )
        index.add_child(instance=page)
        page.tags.add(*tags)
        _publish(page)
        ctx.log(f"news: {title}")


def _demo_image(ctx, title, picture, colour):
    """A picture drawn from the installed illustration set (directory.illustrations; nothing downloaded)."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    data = illustration_jpeg(picture, colour, ctx.rng)
    if not data:
        return None
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")
    image = Image(title=title, file=ImageFile(io.BytesIO(data), name=f"{slug}.jpg"))
    image.save()
    return image


def _site_settings(ctx, city, imprint, privacy, accessibility):
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    if site_settings.agency_name:
        return
    site_settings.agency_name = f"Wirtschaftsförderung {city}"
    site_settings.contact_email = "kontakt@example.org"
    site_settings.contact_phone = "0800 000 0000"
    site_settings.address = f"Wirtschaftsförderung {city}\nBeispielstraße 1\n{city}"
    site_settings.footer_text = "Gemeinsam für die kleinen Unternehmen unserer Stadt."
    site_settings.mastodon_url = "https://mastodon.example.org/@wirstehenhinterdir"
    site_settings.instagram_url = "https://instagram.example.org/wirstehenhinterdir"
    site_settings.imprint_page = imprint
    site_settings.privacy_page = privacy
    site_settings.accessibility_page = accessibility
    site_settings.save()
    if not site.site_name:
        site.site_name = f"{settings.PLATFORM_NAME} {city}"
        site.save(update_fields=["site_name"])
    ctx.log("site settings")


def _easy_language_setting(ctx, page):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    if site_settings.easy_language_page_id is None:
        site_settings.easy_language_page = page
        site_settings.save(update_fields=["easy_language_page"])
        ctx.log("site settings: page in Leichte Sprache")


def site_address_from_base_url(ctx):
    """The Wagtail Site answers at BASE_URL (make run follows PORT), so "view live" in the admin, the sitemap and
    every full URL Wagtail builds point at the server the demo runs on, not at localhost:80. Runs on every seed."""
    address = urlsplit(settings.BASE_URL)
    if not address.hostname:
        return
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) != (address.hostname, port):
        site.hostname, site.port = address.hostname, port
        site.save(update_fields=["hostname", "port"])
        ctx.log(f"site address: {site.root_url}")


def _crisis_banner(ctx, page):
    """One active crisis banner (Settings → Crisis mode); the home page keeps its normal layout."""
    crisis = CrisisSettings.for_site(Site.objects.get(is_default_site=True))
    if crisis.title:
        return
    crisis.banner_active = True
    crisis.severity = Severity.WARNING
    crisis.title = "Neue Corona-Schutzverordnung ab Montag"
    crisis.text = (
        "Geschäfte des Einzelhandels dürfen nur noch Abholung und Lieferung anbieten. Viele Betriebe sind trotzdem "
        "für Sie da – sehen Sie auf der Karte, wer geöffnet hat, liefert oder Abholung anbietet."
    )
    crisis.title_en = "New coronavirus regulations from Monday"
    crisis.text_en = (
        "Retail shops may only offer pick-up and delivery. Many businesses are still there for you – see on the map "
        "who is open, delivers or offers pick-up."
    )
    crisis.link_page = page
    crisis.save()
    ctx.log("crisis banner (warning)")


# Accounts ------------------------------------------------------------------------------------------------------


def _verified_user(ctx, email, **flags):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email, email=email, **flags)
        user.set_password(ctx.password)
        user.save()
        ctx.log(f"account: {email}")
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _accounts(ctx):
    editor = _verified_user(ctx, EDITOR_EMAIL, first_name="Rita", last_name="Redaktion", is_staff=True)
    group = Group.objects.filter(name=EDITOR_GROUP).first()
    if group is not None:
        group.user_set.add(editor)
    else:
        # Without the owners app's "Redaktion" group the editor still gets into the Wagtail admin.
        editor.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    ctx.accounts.append(("Redaktion (Wagtail-Admin)", EDITOR_EMAIL))
    _verified_user(ctx, ADMIN_EMAIL, first_name="Ada", last_name="Admin", is_staff=True, is_superuser=True)
    ctx.accounts.append(("Administration", ADMIN_EMAIL))


# Content -------------------------------------------------------------------------------------------------------


def _p(html):
    return ("paragraph", {"text": RichText(html)})


def _h(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def _how_it_works(city, platform):
    return (
        f"In drei Schritten zeigen Unternehmen aus {city}, wie es ihnen geht – und Sie helfen direkt.",
        [
            _h("Für Bürgerinnen und Bürger"),
            _p(
                "<ol><li>Suchen Sie auf der Karte oder im Verzeichnis nach Läden in Ihrer Nähe.</li>"
                "<li>Sehen Sie, wer geöffnet hat, liefert oder Abholung anbietet.</li>"
                "<li>Unterstützen Sie eine Aktion mit einem Betrag Ihrer Wahl "
                "und erhalten Sie einen Gutschein.</li></ol>"
            ),
            _h("Für Unternehmen"),
            _p(
                f"<p>Registrieren Sie sich mit Ihrer E-Mail-Adresse, tragen Sie Ihr Unternehmen ein und starten Sie "
                f"eine Unterstützungsaktion. Die Redaktion von {platform} prüft jede Änderung, bevor sie sichtbar "
                "wird. Ihr Dashboard funktioniert auch auf dem Smartphone.</p>"
            ),
            (
                "call_to_action",
                {
                    "title": "Ihr Unternehmen ist noch nicht dabei?",
                    "text": "Die Teilnahme ist kostenlos. Eintragen dauert etwa zehn Minuten.",
                    "url": "/konto/signup/",
                    "button_label": "Jetzt registrieren",
                },
            ),
            (
                "faq",
                {
                    "title": "Häufige Fragen",
                    "items": [
                        {
                            "question": "Was kostet die Teilnahme?",
                            "answer": RichText(
                                "<p>Für Unternehmen ist die Plattform kostenlos. Bei Zahlungen "
                                "fallen nur die Gebühren des Zahlungsdienstleisters an.</p>"
                            ),
                        },
                        {
                            "question": "Wann bekomme ich meinen Gutschein?",
                            "answer": RichText(
                                "<p>Direkt nach der Zahlung per E-Mail. Sie lösen ihn ein, sobald "
                                "das Geschäft wieder wie gewohnt geöffnet hat.</p>"
                            ),
                        },
                        {
                            "question": "Wer steht hinter der Plattform?",
                            "answer": RichText(
                                f"<p>Die Wirtschaftsförderung {city}. Der Quellcode ist offen, "
                                "andere Städte können ihn frei nutzen.</p>"
                            ),
                        },
                    ],
                },
            ),
        ],
    )


def _terms(city, platform):
    operator = settings.PLATFORM_OPERATOR_NAME
    return (
        f"Die Bedingungen für Zahlungen und Gutscheine auf {platform}.",
        [
            _h("Wer was tut"),
            _p(
                f"<p>{platform} wird von {operator} betrieben. Die Plattform vermittelt Zahlungen an Unternehmen aus "
                f"{city}. Ausgestellt wird ein Gutschein von dem Unternehmen, das auf ihm genannt ist; ein "
                "stadtweiter Gutschein einer Sammelaktion von der Betreiberin.</p>"
            ),
            _h("Was eine Zahlung ist"),
            _p(
                "<p>Eine Zahlung ist entweder eine <b>Unterstützung ohne Gegenleistung</b> oder der Kauf eines "
                "<b>Gutscheins</b> – in der Regel eines Mehrzweck-Gutscheins (§ 3 Abs. 15 UStG), bei dem die "
                "Umsatzsteuer erst bei der Einlösung entsteht; ein Einzweck-Gutschein (§ 3 Abs. 14 UStG) nennt "
                "seinen Steuersatz. Was Sie über den Preis des Gutscheins hinaus zahlen, ist Unterstützung.</p>"
            ),
            _p(
                "<p>Unterstützung ist keine Spende an eine gemeinnützige Einrichtung. Es gibt <b>keine "
                "Zuwendungsbestätigung</b>; Sie erhalten für jede Zahlung eine Zahlungsbestätigung.</p>"
            ),
            _h("Gültigkeit"),
            _p(
                "<p>Ein Gutschein gilt mindestens bis zum Ende des dritten Jahres nach dem Kauf (§§ 195, 199 BGB). "
                "Schließt ein Unternehmen dauerhaft, bieten wir Ihnen die Erstattung des Restwerts oder den Tausch "
                "in einen stadtweiten Gutschein an.</p>"
            ),
            _h("Widerrufsrecht"),
            _p(
                "<p>Für online gekaufte Gutscheine haben Sie ein Widerrufsrecht von vierzehn Tagen. Die "
                'Widerrufsbelehrung und das Muster-Widerrufsformular finden Sie <a href="/unterstuetzen/widerruf/">'
                "hier</a> und in Ihrer Bestätigungs-E-Mail.</p>"
            ),
            _p("<p><i>Dies ist ein Demo-Inhalt. Lassen Sie die Nutzungsbedingungen vor dem Start prüfen.</i></p>"),
        ],
    )


def _support_faq(city, platform):
    def item(question, answer):
        return {"question": question, "answer": RichText(f"<p>{answer}</p>")}

    return (
        f"Was mit Ihrem Geld geschieht, wenn Sie ein Unternehmen aus {city} unterstützen.",
        [
            (
                "faq",
                {
                    "title": "Häufige Fragen zur Unterstützung",
                    "items": [
                        item(
                            "Ist meine Unterstützung eine Spende?",
                            "Nein. Unterstützung geht an ein Unternehmen, nicht an eine gemeinnützige Einrichtung. "
                            "Es gibt keine Zuwendungsbestätigung, und Sie können den Betrag nicht von der Steuer "
                            "absetzen. Sie erhalten eine Zahlungsbestätigung.",
                        ),
                        item(
                            "Was ist der Unterschied zwischen Gutschein und Unterstützung?",
                            "Mit einem Gutschein kaufen Sie einen Wert, den Sie später einlösen. Alles, was Sie über "
                            "den Preis des Gutscheins hinaus zahlen, ist Unterstützung ohne Gegenleistung.",
                        ),
                        item(
                            "Wie lange gilt mein Gutschein?",
                            "Mindestens bis zum Ende des dritten Jahres nach dem Kauf.",
                        ),
                        item(
                            "Was passiert, wenn das Unternehmen schließt?",
                            "Sie erhalten eine E-Mail und wählen innerhalb einer Frist: Erstattung des Restwerts oder "
                            "Tausch in einen stadtweiten Gutschein mit demselben Wert.",
                        ),
                        item(
                            "Kann ich den Kauf widerrufen?",
                            "Ja, einen online gekauften Gutschein innerhalb von vierzehn Tagen. Die Widerrufsbelehrung "
                            "steht im Bezahlformular und in Ihrer Bestätigungs-E-Mail.",
                        ),
                        item(
                            f"Wer betreibt {platform}?",
                            f"{settings.PLATFORM_OPERATOR_NAME}. Sie vermittelt die Zahlungen; Ihr Gutschein wird vom "
                            "Unternehmen ausgestellt.",
                        ),
                    ],
                },
            ),
        ],
    )


def _fundraising_settings(ctx, terms, privacy, support_faq):
    """Link the terms (consent checkbox), the privacy policy and the support FAQ (information) from the pledge form."""
    site = Site.objects.get(is_default_site=True)
    fundraising_settings = FundraisingSettings.for_site(site)
    changed = False
    if fundraising_settings.terms_page_id is None and terms:
        fundraising_settings.terms_page = terms
        changed = True
    if fundraising_settings.privacy_page_id is None and privacy:
        fundraising_settings.privacy_page = privacy
        changed = True
    if fundraising_settings.support_info_page_id is None and support_faq:
        fundraising_settings.support_info_page = support_faq
        changed = True
    if changed:
        fundraising_settings.save()
        ctx.log("fundraising settings: terms, privacy and support FAQ pages")


def _imprint(city, platform):
    return (
        "Angaben gemäß § 5 DDG.",
        [
            _h("Anbieter"),
            _p(f"<p>Wirtschaftsförderung {city}<br>Beispielstraße 1<br>{city}</p>"),
            _h("Kontakt"),
            _p("<p>Telefon: 0800 000 0000<br>E-Mail: kontakt@example.org</p>"),
            _h("Verantwortlich für den Inhalt"),
            _p(
                f"<p>Die Redaktion von {platform}. Für die Einträge der Unternehmen sind die Unternehmen selbst "
                "verantwortlich; die Redaktion prüft sie vor der Veröffentlichung.</p>"
            ),
            _p("<p><i>Dies ist ein Demo-Inhalt. Ersetzen Sie ihn vor dem Start durch das echte Impressum.</i></p>"),
        ],
    )


def _privacy(city, platform):
    return (
        f"Wie {platform} mit Ihren Daten umgeht – kurz und verständlich.",
        [
            _h("Verantwortliche Stelle"),
            _p(f"<p>Wirtschaftsförderung {city}, Beispielstraße 1, {city}, kontakt@example.org.</p>"),
            _h("Besuch der Website"),
            _p(
                "<p>Beim Aufruf der Seiten verarbeitet unser Server technisch notwendige Daten (IP-Adresse, Zeitpunkt, "
                "aufgerufene Adresse). Wir setzen keine Tracking- oder Werbe-Cookies. Ein Sitzungs-Cookie wird nur "
                "gesetzt, wenn Sie sich anmelden oder die Sprache wechseln.</p>"
            ),
            _h("Kartenkacheln"),
            _p(
                "<p>Die Stadtkarte lädt Kartenkacheln vom Kachelserver von OpenStreetMap (OpenStreetMap Foundation). "
                "Dabei erhält dieser Server Ihre IP-Adresse und die Information, "
                "welcher Kartenausschnitt geladen wird. "
                "Die Karte ist optional: Alle Unternehmen finden Sie auch im Verzeichnis ohne Karte.</p>"
            ),
            _h("Zahlungen über Stripe"),
            _p(
                "<p>Wenn Sie eine Aktion unterstützen, leiten wir Sie zur Bezahlseite von Stripe (Stripe Payments "
                "Europe, Ltd., Irland) weiter. Stripe verarbeitet Ihre Zahlungsdaten in eigener Verantwortung; wir "
                "erhalten nur Name, E-Mail-Adresse, Betrag und den Zahlungsstatus, "
                "um Ihnen den Gutschein zu senden.</p>"
            ),
            _h("Ihre Rechte"),
            _p(
                "<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, "
                "Datenübertragbarkeit und Widerspruch sowie auf Beschwerde bei einer Aufsichtsbehörde.</p>"
            ),
            _p("<p><i>Dies ist ein Demo-Inhalt. Lassen Sie die Datenschutzerklärung vor dem Start prüfen.</i></p>"),
        ],
    )


def _accessibility(city, platform):
    return (
        f"Die Wirtschaftsförderung {city} möchte {platform} für alle Menschen zugänglich machen.",
        [
            _h("Stand der Vereinbarkeit"),
            _p(
                "<p>Diese Website ist weitgehend mit den Anforderungen der BITV 2.0 "
                "bzw. WCAG 2.1 (Stufe AA) vereinbar. "
                "Alle Funktionen sind mit der Tastatur bedienbar und funktionieren ohne JavaScript.</p>"
            ),
            _h("Nicht barrierefreie Inhalte"),
            _p(
                "<p>Die interaktive Karte ist nur eingeschränkt barrierefrei. Als Alternative steht das Verzeichnis "
                "mit denselben Informationen als Liste zur Verfügung. Bilder, die Unternehmen selbst hochladen, haben "
                "nicht immer eine aussagekräftige Beschreibung.</p>"
            ),
            _h("Leichte Sprache"),
            _p(
                f"<p>Eine Seite in Leichter Sprache erklärt, was {platform} ist und wie man es benutzt: "
                f'<a href="/{EASY_LANGUAGE_SLUG}/">Leichte Sprache</a>. Sie ist in der Fußzeile jeder Seite und auf '
                "der Startseite verlinkt. Die Seite ist auf Deutsch.</p>"
            ),
            _h("Feedback und Kontakt"),
            _p(
                '<p>Sind Ihnen Mängel aufgefallen? Schreiben Sie uns an <a href="mailto:kontakt@example.org">'
                "kontakt@example.org</a> oder rufen Sie uns an: 0800 000 0000. Wir antworten innerhalb von zwei "
                "Wochen.</p>"
            ),
            _h("Schlichtungsverfahren"),
            _p(
                "<p>Wenn Sie mit unserer Antwort nicht zufrieden sind, können Sie sich an die Schlichtungsstelle "
                "nach dem Behindertengleichstellungsrecht Ihres Landes wenden.</p>"
            ),
        ],
    )


def _easy_language(city, platform):
    """The platform in Leichte Sprache: short sentences, one idea each, common words, hard words explained."""
    return (
        f"Hier erklären wir {platform} in Leichter Sprache.",
        [
            _h("Was ist diese Seite?"),
            _p(
                f"<p>Die Seite heißt: {platform}.</p>"
                f"<p>Die Seite ist von der Stadt {city}.</p>"
                "<p>Auf der Seite finden Sie kleine Geschäfte aus der Stadt.</p>"
                "<p>Zum Beispiel: Bäckereien, Cafés und Friseure.</p>"
            ),
            _h("Warum gibt es die Seite?"),
            _p(
                "<p>Manchmal gibt es in der Stadt eine Krise.</p>"
                "<p>Krise bedeutet: Es gibt ein großes Problem.</p>"
                "<p>Dann kommen weniger Menschen in die Geschäfte.</p>"
                "<p>Die Geschäfte verdienen dann weniger Geld.</p>"
                "<p>Sie können den Geschäften helfen.</p>"
            ),
            _h("Was können Sie hier machen?"),
            _p(
                "<ul><li>Sie können Geschäfte auf einer Karte suchen.</li>"
                "<li>Sie können sehen: Welches Geschäft hat offen?</li>"
                "<li>Sie können sehen: Welches Geschäft bringt Sachen nach Hause?</li>"
                "<li>Sie können einem Geschäft Geld geben.</li></ul>"
            ),
            _h("Was ist ein Gutschein?"),
            _p(
                "<p>Sie geben einem Geschäft heute Geld.</p>"
                "<p>Dafür bekommen Sie einen Gutschein.</p>"
                "<p>Ein Gutschein ist ein Zettel mit einem Wert.</p>"
                "<p>Zum Beispiel: 12 Euro.</p>"
                "<p>Später gehen Sie in das Geschäft.</p>"
                "<p>Dann zeigen Sie den Gutschein.</p>"
                "<p>Sie bekommen Sachen für den Wert von dem Gutschein.</p>"
            ),
            _h("Wie bezahlen Sie?"),
            _p(
                "<p>Sie bezahlen im Internet.</p>"
                "<p>Das ist sicher.</p>"
                "<p>Sie brauchen kein Konto auf dieser Seite.</p>"
                "<p>Den Gutschein bekommen Sie per E-Mail.</p>"
            ),
            _h("Haben Sie Fragen?"),
            _p(
                '<p>Schreiben Sie uns eine E-Mail: <a href="mailto:kontakt@example.org">kontakt@example.org</a></p>'
                "<p>Oder rufen Sie uns an: 0800 000 0000</p>"
                "<p>Der Anruf kostet nichts.</p>"
            ),
        ],
    )
