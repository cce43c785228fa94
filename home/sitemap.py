"""/sitemap.xml for every language (issue 18): each language's live pages once, with hreflang alternates.

Wagtail's own sitemap walks only the site's root page (the German tree). This one walks the root page and all its
translations, writes each page's URL in the page's own language (the visitor-language prefix of
commons.page_language does not apply: the sitemap has no visitor) and lists, for every page that has live
translations, all of them as `<xhtml:link rel="alternate" hreflang="…">` plus `x-default` for the source language.
Pages served only through the source-language fallback (German content under /en/…) are not listed: they would be
duplicates of the German page.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.utils import translation

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page


class LanguageSitemap(Sitemap):
    def _site_roots(self):
        root = self.get_wagtail_site().root_page
        return Page.objects.filter(translation_key=root.translation_key)

    def items(self):
        trees = Q()
        for root in self._site_roots():
            trees |= Q(path__startswith=root.path, depth__gte=root.depth)
        if not trees:
            return Page.objects.none()
        return Page.objects.filter(trees).live().public().order_by("locale_id", "path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        object_list = list(self.paginator.page(page).object_list)
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        alternates = self._alternates(object_list, languages)
        urls = []
        last_mods = set()
        for item in object_list:
            with translation.override(languages.get(item.locale_id, settings.LANGUAGE_CODE)):
                url_infos = item.get_sitemap_urls(self.request)
            for index, url_info in enumerate(url_infos):
                if index == 0 and _has_translations(alternates.get(item.translation_key, ())):
                    url_info = {**url_info, "alternates": alternates[item.translation_key]}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _alternates(self, object_list, languages):
        """translation_key → [{"lang_code", "location"}] for every live translation (one query for the lot)."""
        keys = {item.translation_key for item in object_list}
        translations = Page.objects.filter(translation_key__in=keys).live().public()
        default_language = Locale.get_default().language_code
        found = defaultdict(list)
        for candidate in sorted(translations, key=lambda page: languages.get(page.locale_id, "")):
            language = languages.get(candidate.locale_id)
            if language not in dict(settings.LANGUAGES):
                continue
            with translation.override(language):
                location = candidate.get_full_url(self.request)
            if not location:
                continue
            found[candidate.translation_key].append({"lang_code": language, "location": location})
            if language == default_language:
                found[candidate.translation_key].append({"lang_code": "x-default", "location": location})
        return found


def _has_translations(alternates):
    return len({alternate["lang_code"] for alternate in alternates} - {"x-default"}) > 1
