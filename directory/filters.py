"""The directory's filters, shared by the directory page, the map (and its embed view) and the public API.

Filters are plain GET parameters (so every filtered view has a shareable URL and works without JavaScript):

    q         full-text search (Wagtail search, database backend), at most 200 characters
    category  category slug; repeatable (any of them)
    district  district slug; repeatable (any of them)
    service   delivery | pickup | online_shop | vouchers; repeatable (all of them)
    open      1 = open now
    campaign  1 = has an active campaign (asked through the `directory_active_campaign_business_ids` hook)
    sort      relevance | name | newest | updated

Unknown values are errors (the page shows them, the API answers 400) — never silently ignored.
"""

import re

from django import forms
from django.db.models import Case, IntegerField, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory import hooks
from directory.collation import german
from directory.models import BusinessPage, Category, District
from directory.opening_hours_logic import is_open, load_rules
from directory.services import SERVICES

SORTS = {
    "relevance": _("Relevance"),
    "name": _("Name (A–Z)"),
    "newest": _("Newest"),
    "updated": _("Recently updated"),
}
MAX_QUERY_LENGTH = 200
MAX_SEARCH_HITS = 1000
MAX_TERMS = 10
FLAG_CHOICES = [("", "—"), ("1", _("yes"))]


def _without_empty_choices(data):
    """A select left at "all" sends `category=` (an empty value): that means no filter, not an unknown value."""
    if data is None or not hasattr(data, "getlist"):
        return data
    data = data.copy()
    for name in ("category", "district", "service"):
        values = [value for value in data.getlist(name) if value != ""]
        if values:
            data.setlist(name, values)
        elif name in data:
            del data[name]
    return data


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    category = forms.MultipleChoiceField(label=_("Category"), required=False)
    district = forms.MultipleChoiceField(label=_("District"), required=False)
    service = forms.MultipleChoiceField(
        label=_("Services"),
        required=False,
        choices=[(key, label) for key, (_attr, label) in SERVICES.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    open = forms.ChoiceField(label=_("Open now"), required=False, choices=FLAG_CHOICES)
    campaign = forms.ChoiceField(label=_("Has an active campaign"), required=False, choices=FLAG_CHOICES)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))

    def __init__(self, data=None, *, categories=None, districts=None, **kwargs):
        super().__init__(_without_empty_choices(data), **kwargs)
        categories = list(Category.objects.all()) if categories is None else categories
        districts = list(District.objects.all()) if districts is None else districts
        self.categories = categories
        self.districts = districts
        self.fields["category"].choices = [(c.slug, c.display_name) for c in categories]
        self.fields["district"].choices = [(d.slug, d.name) for d in districts]

    def clean_q(self):
        # Control characters never belong in a search; NUL bytes break some database drivers.
        value = self.cleaned_data.get("q") or ""
        return "".join(ch for ch in value if ch.isprintable()).strip()

    def error_messages_flat(self):
        """["field: message", …] for the page's notice and the API's 400 body."""
        messages = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else name
            for error in errors:
                messages.append(f"{label}: {error}")
        return messages

    @property
    def is_filtered(self):
        if not self.is_valid():
            return True
        data = self.cleaned_data
        return any(data.get(k) for k in ("q", "category", "district", "service", "open", "campaign"))

    @property
    def selected_category_names(self):
        chosen = set(self.cleaned_data.get("category") or []) if self.is_valid() else set()
        return [c.display_name for c in self.categories if c.slug in chosen]


def filter_businesses(queryset, data, moment=None):
    """Apply cleaned filter data to a BusinessPage queryset; returns (queryset, search_order or None).

    The number of queries does not depend on the number of businesses: search hits and "open now" become
    id lists (bounded by MAX_SEARCH_HITS for search), everything else stays in SQL.
    """
    if data.get("category"):
        queryset = queryset.filter(categories__slug__in=data["category"]).distinct()
    if data.get("district"):
        queryset = queryset.filter(district__slug__in=data["district"])
    for key in data.get("service") or []:
        queryset = queryset.filter(**{SERVICES[key][0]: True})
    if data.get("campaign") == "1":
        condition = Q(pk__in=[])
        for ids in hooks.active_campaign_querysets():
            condition |= Q(pk__in=ids)
        queryset = queryset.filter(condition)
    search_order = None
    if data.get("q"):
        search_order = search_ids(data["q"])
        queryset = queryset.filter(pk__in=search_order)
    if data.get("open") == "1":
        moment = moment or timezone.now()
        rules = load_rules(queryset)
        queryset = queryset.filter(pk__in=[pk for pk, r in rules.items() if is_open(r, moment)])
    return queryset, search_order


def search_terms(query):
    """The words of a search, lower-cased, without punctuation or operators (FTS5/tsquery syntax never reaches
    the database: `"; DROP` or `AND (` are plain words or nothing)."""
    return [word.lower() for word in re.findall(r"\w+", query)][:MAX_TERMS]


def search_ids(query):
    """Ids of live businesses matching every word of `query`, best first (one query on the search index)."""

    terms = search_terms(query)
    if not terms:
        return []
    results = BusinessPage.objects.live().only("pk").search(" ".join(terms), operator="and")[:MAX_SEARCH_HITS]
    return [page.pk for page in results]


def order_businesses(queryset, sort, search_order=None):
    if sort == "relevance" and search_order:
        ranking = Case(
            *[When(pk=pk, then=position) for position, pk in enumerate(search_order)],
            default=len(search_order),
            output_field=IntegerField(),
        )
        return queryset.order_by(ranking, german("title"))
    if sort == "newest":
        return queryset.order_by("-first_published_at", german("title"))
    if sort == "updated":
        return queryset.order_by("-last_published_at", german("title"))
    return queryset.order_by(german("title"), "pk")
