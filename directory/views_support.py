"""Context builders for the directory's pages (kept out of the models so that the models stay small)."""

import json
import re
from urllib.parse import urljoin

from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.models import Site

from commons import fragment_cache
from directory import hooks, page_context
from directory.cache import get_or_build
from directory.conf import conf
from directory.filters import SERVICES, SORTS, DirectoryFilterSet, filter_businesses, order_businesses
from directory.freshness import page_freshness
from directory.models import BusinessGalleryImage, BusinessPage, DirectoryIndexPage, MapPage
from directory.models.provenance import ListingSource
from directory.opening_hours_logic import is_open, load_rules, rules_from_data, status, week
from directory.serializers import build_records

PAGE_SIZE = 24
MAP_LIST_PAGE_SIZE = 50  # the list under the map, paginated: the page does not grow with the city


def service_labels(keys):
    return [str(SERVICES[key][1]) for key in keys if key in SERVICES]


@page_context.builds(BusinessPage)
def business_page_context(page, request):
    """Today's hours, the week, open-now status, current offers and the campaign card for one business.

    The page's body is one cached fragment (commons/fragment_cache.py) keyed with what changes without a publish
    or a payment: the open-now status, the freshness and the day. When it is in the cache, what only the body
    shows (panels, campaign card, offers, pictures, data source) is not built at all."""
    now = timezone.now()
    if page.hours_data and not getattr(request, "is_preview", False):
        # The published page's hours, area rules included, from its own row (kept in step on every change); a
        # preview shows the unsaved hour rows.
        rules = rules_from_data(page.hours_data, page.temporarily_closed)
    else:
        rules = page.hours_rules()
    days = week(rules, now)
    open_status = status(rules, now)
    freshness = page_freshness(page, now, Site.find_for_request(request) if request is not None else None)
    context = {
        "open_status": open_status,
        "hours_week": days,
        "hours_today": days[0],
        "has_hours": bool(rules.regular or rules.temporary),
        "has_temporary_hours": any(day.temporary for day in days),
        "share_image_url": share_image_url(page),
        "og_image": share_image_url(page),  # {% social_meta %} in base.html
        "og_type": "business.business",
        "json_ld": json_ld(page, request, rules),
        "freshness": freshness,
        "directory_url": _parent_url(page, request),
        "fragment_key": (page.pk, page.latest_revision_id, open_status, sorted(freshness.items())),
    }
    if page.pk and fragment_cache.peek(request, "business-page", [context["fragment_key"]]) is not None:
        return context
    if page.pk:
        prefetch_related_objects([page], "categories", "gallery_images")  # the template reads both twice
    summaries = hooks.campaign_summaries([page.pk]) if page.pk else {}
    context.update(
        {
            "offers_now": page.current_offers(timezone.localdate()),
            "services": service_labels(page.service_keys()),
            "campaign": summaries.get(page.pk),
            "extra_panels": hooks.business_page_panels(request, page) if page.pk else [],
            "data_source": ListingSource.objects.filter(business_id=page.pk).exclude(licence="", attribution="").first()
            if page.pk
            else None,
        }
    )
    return context


def _parent_url(page, request):
    """The directory's URL, from the page's own URL (no query for the parent page)."""
    url = page.get_url(request=request) or ""
    if page.slug and url.endswith(f"/{page.slug}/"):
        return url[: -len(page.slug) - 1]
    parent = page.get_parent()
    return parent.get_url(request=request) if parent else ""


def data_attributions(queryset):
    """The attributions that licences of imported listings ask for (ODbL for OpenStreetMap), one query."""
    rows = (
        ListingSource.objects.filter(business__in=queryset.values("pk"))
        .exclude(licence="", attribution="")
        .values_list("attribution", "licence", "attribution_url")
        .distinct()
    )
    return [{"attribution": a, "licence": lic, "url": url} for a, lic, url in rows]


def share_image_url(page):
    if not page.pk:
        return ""
    return reverse("directory_share_image", args=[page.pk])


def json_ld(page, request, rules):
    """schema.org LocalBusiness; geo only for exact visibility, street only for exact visibility."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": page.title,
        "description": page.short_description,
        "url": urljoin(conf.get("BASE_URL").rstrip("/") + "/", page.get_url(request)) if page.pk else None,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": page.city,
            "addressCountry": conf.get("CITY_COUNTRY_CODE"),
        },
    }
    if page.shows_exact_location:
        data["address"]["streetAddress"] = page.street
        data["address"]["postalCode"] = page.postcode
        if page.lat is not None and page.lng is not None:
            data["geo"] = {"@type": "GeoCoordinates", "latitude": page.lat, "longitude": page.lng}
    if page.district_id:
        data["address"]["addressRegion"] = page.district.name
    if page.phone:
        data["telephone"] = page.phone
    if page.email:
        data["email"] = page.email
    same_as = [u for u in (page.website, page.instagram_url, page.facebook_url, page.mastodon_url) if u]
    if same_as:
        data["sameAs"] = same_as
    day_names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    specs = []
    for weekday, opens, closes in sorted(rules.regular):
        specs.append(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{day_names[weekday]}",
                "opens": opens.strftime("%H:%M"),
                "closes": closes.strftime("%H:%M"),
            }
        )
    today = timezone.localdate()
    for valid_from, valid_until, weekday, opens, closes, _note in rules.temporary:
        if valid_until < today:
            continue
        spec = {"@type": "OpeningHoursSpecification", "validFrom": valid_from.isoformat()}
        spec["validThrough"] = valid_until.isoformat()
        spec["dayOfWeek"] = (
            [f"https://schema.org/{day_names[weekday]}"]
            if weekday is not None
            else [f"https://schema.org/{d}" for d in day_names]
        )
        spec["opens"] = opens.strftime("%H:%M") if opens else "00:00"
        spec["closes"] = closes.strftime("%H:%M") if closes else "00:00"
        specs.append(spec)
    for date, _note in sorted(rules.closing_days.items()):
        if date >= today:
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": date.isoformat(),
                    "validThrough": date.isoformat(),
                    "opens": "00:00",
                    "closes": "00:00",
                }
            )
    if specs:
        data["openingHoursSpecification"] = specs
    return data


# The directory listing ----------------------------------------------------------------------------------------


@page_context.builds(DirectoryIndexPage)
def listing_context(index_page, request):
    """Cards, filters, search, sorting and pagination for the DirectoryIndexPage (constant number of queries)."""
    base = BusinessPage.objects.live().public().child_of(index_page)
    filterset = DirectoryFilterSet(request.GET or None, base)
    form = filterset.form
    context = {"filter_form": form, "sorts": SORTS, "filter_errors": [], "page_obj": None, "cards": []}
    if request.GET and not form.is_valid():
        context["filter_errors"] = form.error_messages_flat()
        context["result_count"] = 0
        return context
    data = form.cleaned_data if request.GET else {}
    queryset = filterset.qs
    search_order = filterset.search_order  # set by filtering
    sort = data.get("sort") or ("relevance" if data.get("q") else "name")
    if sort == "relevance" and not search_order:
        sort = "name"
    context["current_sort"] = sort
    queryset = order_businesses(queryset, sort, search_order)
    paginator = Paginator(queryset.values_list("pk", flat=True), PAGE_SIZE)
    requested = request.GET.get("page") or "1"
    try:
        number = int(requested)
    except ValueError:
        number = 0
    if number < 1 or number > paginator.num_pages:
        if requested != "1":
            context["page_error"] = (
                _("There is no page %(page)s. Showing page %(last)d of %(last)d.")
                % {
                    "page": requested[:20],
                    "last": paginator.num_pages,
                }
                if number > paginator.num_pages
                else _("Invalid page number. Showing the first page.")
            )
        number = paginator.num_pages if number > paginator.num_pages else 1
    page_obj = paginator.page(number)
    ids = list(page_obj.object_list)
    cards = (
        BusinessPage.objects.filter(pk__in=ids)
        .select_related("district", "logo")
        .prefetch_related(
            Prefetch("categories"),
            "logo__renditions",
            Prefetch("gallery_images", queryset=BusinessGalleryImage.objects.select_related("image")),
            "gallery_images__image__renditions",
        )
    )
    by_id = {card.pk: card for card in cards}
    ordered = [by_id[pk] for pk in ids if pk in by_id]
    now = timezone.now()
    rules = load_rules(BusinessPage.objects.filter(pk__in=ids))
    summaries = hooks.campaign_summaries(ids)
    for card in ordered:
        card.open_now = is_open(rules[card.pk], now) if card.pk in rules else False
        card.campaign = summaries.get(card.pk)
        card.service_labels = service_labels(card.service_keys())
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        page_obj=page_obj,
        paginator=paginator,
        cards=ordered,
        result_count=paginator.count,
        querystring=query.urlencode(),
        elided_pages=list(paginator.get_elided_page_range(number, on_each_side=1, on_ends=1)),
    )
    return context


def _cards(ids, now):
    """BusinessPages for card templates, in the order of `ids`, with open-now, campaign and service labels."""
    cards = (
        BusinessPage.objects.filter(pk__in=ids)
        .select_related("district", "logo")
        .prefetch_related("categories", "logo__renditions")
    )
    by_id = {card.pk: card for card in cards}
    ordered = [by_id[pk] for pk in ids if pk in by_id]
    rules = load_rules(BusinessPage.objects.filter(pk__in=ids))
    summaries = hooks.campaign_summaries(ids)
    for card in ordered:
        card.open_now = is_open(rules[card.pk], now) if card.pk in rules else False
        card.campaign = summaries.get(card.pk)
        card.service_labels = service_labels(card.service_keys())
    return ordered


CRISIS_SECTIONS = (
    ("open", {"open": "1"}, "open=1"),
    ("delivery", {"service": ["delivery"]}, "service=delivery"),
    ("pickup", {"service": ["pickup"]}, "service=pickup"),
)


def crisis_sections(limit=6, moment=None):
    """Who is open now, who delivers, who offers pick-up: up to `limit` cards each (recently updated first) with the
    total and the directory URL that lists all of them. A fixed number of queries per section."""
    index = DirectoryIndexPage.objects.live().first()
    now = moment or timezone.now()
    base = BusinessPage.objects.live().public().filter(temporarily_closed=False)
    titles = {"open": _("Open now"), "delivery": _("Delivering"), "pickup": _("Pick-up")}
    sections = []
    for key, data, query in CRISIS_SECTIONS:
        queryset, _order = filter_businesses(base, data, now)
        ids = list(order_businesses(queryset, "updated").values_list("pk", flat=True)[:limit])
        sections.append(
            {
                "key": key,
                "title": titles[key],
                "cards": _cards(ids, now),
                "total": queryset.count(),
                "url": f"{index.url}?{query}" if index else "",
            }
        )
    return sections


@page_context.builds(MapPage)
def _map_page_context(map_page, request):
    return map_context(map_page, request, embed=getattr(request, "directory_map_embed", False))


def map_context(map_page, request, embed=False):
    """Filters, settings, the GeoJSON URL and one page of the list for the map.

    The page's size and queries do not depend on the number of businesses: the markers are not in the page but
    come from the public API's compact markers (cached, compressed; directory.markers) with the same filters, which
    the map's script fetches; the list under the map (the alternative without JavaScript) shows
    ``MAP_LIST_PAGE_SIZE`` businesses per page, with page links that keep the filters."""
    filterset = DirectoryFilterSet(request.GET or None, BusinessPage.objects.live().public())
    form = filterset.form
    context = {"filter_form": form, "filter_errors": [], "embed": embed}
    queryset = BusinessPage.objects.none()
    valid = not (request.GET and not form.is_valid())
    if not valid:
        context["filter_errors"] = form.error_messages_flat()
    else:
        queryset = order_businesses(filterset.qs, "name", filterset.search_order)
    # What depends on the number of businesses (two counts over the matching ones, the data licences of the whole
    # directory) is cached with the API's responses, dropped with them on publish and pledges.
    result_count, mappable_count, attributions = (
        get_or_build("map-counts", _filter_params(form.cleaned_data if request.GET else {}), _map_counts(queryset))
        if valid
        else (0, 0, [])
    )
    paginator = _CountedPaginator(queryset.values_list("pk", flat=True), MAP_LIST_PAGE_SIZE, result_count)
    page_obj = paginator.get_page(request.GET.get("page"))
    ids = list(page_obj.object_list)
    records = build_records(BusinessPage.objects.filter(pk__in=ids), request, lean=True, relative_urls=not embed)
    position = {pk: index for index, pk in enumerate(ids)}
    records.sort(key=lambda record: position[record["id"]])
    for record in records:
        record["service_labels"] = service_labels(record["services"])
    api_url = reverse("directory_api:markers")
    markers_query = request.GET.copy()
    for key in ("page", LAYER_PARAM):  # not filters: one marker list (one cache entry) for every list page and layer
        markers_query.pop(key, None)
    if translation.get_language() == "en":
        markers_query["lang"] = "en"
    markers_query = markers_query.urlencode()
    list_query = request.GET.copy()
    list_query.pop("page", None)
    context["map_config"] = {
        "center": list(conf.get("MAP_CENTER")),
        "zoom": conf.get("MAP_ZOOM"),
        "tileUrl": conf.get("MAP_TILE_URL"),
        "attribution": conf.get("MAP_TILE_ATTRIBUTION"),
        # The compact markers of the public API (directory.markers) with the page's filters, fetched by map.js.
        "markersUrl": f"{api_url}?{markers_query}" if markers_query else api_url,
        # The markers link pages absolutely in the default language; the map page links them like its own links.
        "linkPrefix": None if embed else reverse("wagtail_serve", args=[""]),
        "labels": {
            "open": _("Open now"),
            "closed": _("Closed"),
            "details": _("Details"),
            "raised": _("raised"),
            "daysLeft": _("days left: %(count)s"),
            "cluster": _("%(count)s businesses"),
            "locating": _("Finding your location…"),
            "locationError": _("Your location could not be found."),
            "approx": _("Approximate location (district only)"),
            "copied": _("Copied!"),
            "youAreHere": _("You are here"),
            "partOf": _("Part of:"),
            "layerStatus": _("%(title)s: %(count)s businesses taking part are highlighted on the map."),
            "layerNone": _("No collective campaign highlighted."),
            "loading": _("Loading the businesses for the map…"),
            "loadError": _("The map could not load the businesses. The list below shows them."),
        },
    }
    if attributions:
        context["map_config"]["attribution"] += "".join(
            " | "
            + escape(_("Business data: %(who)s (%(licence)s)") % {"who": a["attribution"], "licence": a["licence"]})
            for a in attributions
        )
    context["data_attributions"] = attributions
    context["map_config_json"] = json.dumps(context["map_config"])
    context.update(layer_context(request, queryset, records, embed=embed))
    context["result_count"] = result_count
    context["mappable_count"] = mappable_count
    context.update(
        list_records=records,
        list_page=page_obj,
        list_paginator=paginator,
        list_querystring=list_query.urlencode(),
        list_pages=list(paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)),
    )
    return context


class _CountedPaginator(Paginator):
    """A Paginator told its count (from the cache) instead of counting."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def _filter_params(data):
    """Cache-key params of cleaned filter data (as the API makes them)."""
    return [(key, ",".join(sorted(value)) if isinstance(value, list) else value) for key, value in data.items()]


def _map_counts(queryset):
    def build():
        count = queryset.count()
        mappable = queryset.filter(public_lat__isnull=False, public_lng__isnull=False).count() if count else 0
        return count, mappable, data_attributions(BusinessPage.objects.live().public())

    return build


# Map layers (collective campaigns and the like, from the `directory_map_layers` hook) ------------------------------

LAYER_PARAM = "aktion"
LAYER_ID = re.compile(r"[0-9]{1,10}")
FILTER_PARAMS = ("q", "category", "district", "service", "open", "campaign")


def selected_layer_id(request):
    """The layer id asked for in ?aktion=, or None when it is missing or not a plain number."""
    raw = request.GET.get(LAYER_PARAM, "")
    return int(raw) if LAYER_ID.fullmatch(raw) else None


def _layer_texts(layer):
    start = layer["start_date"]
    end = layer["end_date"]
    state = layer["state"]
    if state == "upcoming":
        note = _("Preview: starts on %(date)s; businesses can still decline until then.") % {
            "date": date_format(start, "DATE_FORMAT") if start else "?"
        }
        return _("upcoming"), note, None
    if state == "ended":
        note = _("Ended on %(date)s.") % {"date": date_format(end, "DATE_FORMAT") if end else "?"}
        return _("ended"), note, _("share")
    note = _("Running until %(date)s.") % {"date": date_format(end, "DATE_FORMAT") if end else "?"}
    return _("running"), note, _("share so far")


def layer_context(request, queryset, records, embed=False):
    """The layer control, the selected layer (?aktion=) and each list record's memberships, for the map page and
    its embed view. Hostile or unknown ?aktion= values select nothing (and say so).

    `queryset` holds the businesses matching the filters, `records` the current list page. The businesses taking
    part in a layer are listed in full (a collective campaign's size, not the city's); a fixed number of queries."""
    layers = hooks.map_layers(request)
    context = {"map_layers": layers, "map_layer_selected": None, "map_layer_error": ""}
    raw = request.GET.get(LAYER_PARAM, "")
    wanted = selected_layer_id(request)
    member_ids = set()
    for layer in layers:
        member_ids.update(layer["beneficiaries"])
    member_records = []
    if member_ids:
        member_records = build_records(
            queryset.filter(pk__in=member_ids), request, lean=True, with_campaigns=False, relative_urls=not embed
        )
    for layer in layers:
        if embed and layer["url"].startswith("/"):
            layer["url"] = request.build_absolute_uri(layer["url"])  # the embed opens links on our site
        layer["state_label"], layer["note"], layer["share_label"] = _layer_texts(layer)
        members = layer["beneficiaries"]
        layer["count"] = len(members)
        layer["members"] = [
            {"record": record, "share_cents": members[record["id"]]}
            for record in member_records
            if record["id"] in members
        ]
        layer["on_map"] = sum(1 for member in layer["members"] if member["record"]["lat"] is not None)
        if wanted is not None and layer["id"] == wanted:
            context["map_layer_selected"] = layer
    if raw and context["map_layer_selected"] is None:
        context["map_layer_error"] = _(
            "This collective campaign cannot be shown on the map: it has ended or does not exist."
        )
    by_id = {layer["id"]: layer for layer in layers}
    for record in records:
        record["layers"] = [
            {
                "id": layer["id"],
                "title": layer["title"],
                "url": layer["url"],
                "share_cents": layer["beneficiaries"][record["id"]],
                "share_label": layer["share_label"],
                "note": layer["note"],
            }
            for layer in by_id.values()
            if record["id"] in layer["beneficiaries"]
        ]
    context["map_layer_hidden_fields"] = [
        (key, value) for key in FILTER_PARAMS for value in request.GET.getlist(key) if value != ""
    ]
    context["map_layers_data"] = {
        "param": LAYER_PARAM,
        "selected": context["map_layer_selected"]["id"] if context["map_layer_selected"] else None,
        "layers": [
            {
                "id": layer["id"],
                "title": layer["title"],
                "url": layer["url"],
                "state": layer["state"],
                "note": layer["note"],
                "shareLabel": layer["share_label"],
                "shares": {str(pk): cents for pk, cents in layer["beneficiaries"].items()},
            }
            for layer in layers
        ],
    }
    return context
