import logging
import re
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from wagtail.models import Locale, Page, Site

SEARCH_PER_PAGE = 10
SEARCH_MAX_LENGTH = 200
# Control characters (NUL included) never belong in a query and upset some database backends.
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_WORDS = re.compile(r"\w+")
logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def admin_login(request):
    """Wagtail's own log-in would accept unverified users: everybody logs in through allauth."""
    target = reverse("account_login")
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        target = f"{target}?{urlencode({'next': next_url})}"
    return redirect(target)


def clean_query(raw):
    """The search text as shown: no control characters, collapsed spaces, at most 200 characters."""
    return " ".join(_CONTROL_CHARS.sub(" ", raw or "").split())[:SEARCH_MAX_LENGTH]


def search_terms(query):
    """The words the backend gets: letters and digits only, lower case.

    SQLite FTS5 and PostgreSQL both have a query syntax (quotes, NEAR, AND/OR/NOT, *, ^, column filters); passing
    user input through unfiltered turns a stray quote into a database error. Plain words are all people type.
    """
    return " ".join(_WORDS.findall(query.lower()))[:SEARCH_MAX_LENGTH]


def pages_in_visitor_language(site):
    """Live public pages, one version of each: the visitor's language where it exists, else the source language.

    Each language has its own page tree; searching them all would list "Hilfe" and "Help" side by side. A page not
    translated into the visitor's language is found in the default language (and served under the visitor's prefix
    by the fallback, cms/serve.py).
    """
    active = Locale.get_active()
    default = Locale.get_default()
    pages = Page.objects.live().public()
    if site:
        roots = Page.objects.filter(translation_key=site.root_page.translation_key)
        trees = Q()
        for root in roots:
            trees |= Q(path__startswith=root.path, depth__gte=root.depth)
        pages = pages.filter(trees) if trees else pages.none()
    if active.pk == default.pk:
        return pages.filter(locale=default)
    translated = Page.objects.live().public().filter(locale=active).values("translation_key")
    return pages.filter(Q(locale=active) | (Q(locale=default) & ~Q(translation_key__in=translated)))


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    terms = search_terms(query)
    results = Page.objects.none()
    site = Site.find_for_request(request)
    if terms:
        results = pages_in_visitor_language(site).specific().search(terms, operator="and")
    paginator = Paginator(results, SEARCH_PER_PAGE)
    try:
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        page_obj.object_list = list(page_obj.object_list)
    except DatabaseError:
        # A query the full-text engine cannot parse is the visitor's typo, not a server error.
        logger.warning("search backend rejected query %r", terms)
        paginator = Paginator([], SEARCH_PER_PAGE)
        page_obj = paginator.page(1)
    return render(
        request,
        "home/search.html",
        {"query": query, "search_page": page_obj, "paginator": paginator, "result_count": paginator.count},
    )


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    prefixes = [""] + [f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *[f"Disallow: {prefix}/konto/" for prefix in prefixes],
        *[f"Disallow: {prefix}/suche/" for prefix in prefixes],
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def styleguide(request):
    """The design system rendered with example content; only with DEBUG on (a tool for developers)."""
    if not settings.DEBUG:
        raise Http404

    class ExampleForm(forms.Form):
        name = forms.CharField(label="Name des Unternehmens", max_length=10, help_text="So wie auf dem Schild.")
        email = forms.EmailField(label="E-Mail")
        note = forms.CharField(label="Aktuelle Lage", widget=forms.Textarea, required=False)
        delivery = forms.BooleanField(label="Wir liefern", required=False)
        kind = forms.ChoiceField(
            label="Art", choices=[("a", "Laden"), ("b", "Dienstleistung")], widget=forms.RadioSelect
        )

    form = ExampleForm(data={"name": "Ein viel zu langer Name", "email": "kein-gueltiger-wert", "kind": "a"})
    form.is_valid()
    return render(request, "home/styleguide.html", {"form": form})


@csrf_exempt
@require_POST
def set_language(request):
    """Django's set_language without the CSRF check, so that the switcher on every page needs no token.

    A token in every page's header would set a CSRF cookie on every response and keep public pages out of the shared
    page cache (cms/caching.py caches only responses without cookies). Forcing someone's language from another site
    is harmless; Django still checks that `next` stays on this host. Only languages in settings.LANGUAGES are
    accepted (Django's own view takes any language it has a catalogue for, e.g. "fr", and then redirects to a 404).
    """
    if request.POST.get("language") not in dict(settings.LANGUAGES):
        return redirect("/")
    return django_set_language(request)
