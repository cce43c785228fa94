"""The directory's filters, shared by the directory page, the map (and its embed view) and the public API.

Filters are plain GET parameters (so every filtered view has a shareable URL and works without JavaScript):

    q         full-text search (Wagtail search, database backend), at most 200 characters
    category  category slug; repeatable (any of them)
    district  district slug; repeatable (any of them)
    service   delivery | pickup | online_shop | vouchers; repeatable (all of them)
    open      1 = open now
    campaign  1 = has an active campaign (asked through the `directory_active_campaign_business_ids` hook)
    sort      relevance | name | newest | updated

Unknown values are errors (the page shows them, the API answers 400) — never silently ignored. Parsing and checking
are django-filter's (DirectoryFilterSet); its form is the one the templates render.
"""

import re

import django_filters

from django import forms
from django.db.models import Case, IntegerField, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory import hooks
from directory.collation import german_title_order
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
    """The form django-filter builds from DirectoryFilterSet's filters (its fields, labels and messages)."""

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


class DirectoryFilterSet(django_filters.FilterSet):
    """Parses and checks the GET parameters (its `form`) and filters a BusinessPage queryset with them.

    The number of queries does not depend on the number of businesses: search hits and "open now" become id lists
    (bounded by MAX_SEARCH_HITS for search), everything else stays in SQL. After filtering, `search_order` holds the
    search hits, best first (None without a search)."""

    q = django_filters.CharFilter(label=_("Search"), max_length=MAX_QUERY_LENGTH, method="_search")
    # null_value=None: no slug stands for "empty" (django-filter's default treats "null" so).
    category = django_filters.MultipleChoiceFilter(
        label=_("Category"), field_name="categories__slug", distinct=True, null_value=None
    )
    district = django_filters.MultipleChoiceFilter(
        label=_("District"), field_name="district__slug", distinct=False, null_value=None
    )
    service = django_filters.MultipleChoiceFilter(
        label=_("Services"),
        choices=[(key, label) for key, (_attr, label) in SERVICES.items()],
        widget=forms.CheckboxSelectMultiple,
        method="_services",
    )
    open = django_filters.ChoiceFilter(label=_("Open now"), choices=FLAG_CHOICES, empty_label=None, method="_open")
    campaign = django_filters.ChoiceFilter(
        label=_("Has an active campaign"), choices=FLAG_CHOICES, empty_label=None, method="_campaign"
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(SORTS.items()), empty_label=None, method="_unfiltered"
    )

    # Cheap filters first; the search and "open now" (which reads every remaining business's hours) last.
    APPLY_ORDER = ("category", "district", "service", "campaign", "q", "open")

    class Meta:
        model = BusinessPage
        fields = []  # only the filters declared above
        form = DirectoryFilterForm

    def __init__(self, data=None, queryset=None, *, categories=None, districts=None, moment=None, **kwargs):
        super().__init__(_without_empty_choices(data), queryset, **kwargs)
        self._categories, self._districts = categories, districts
        self.moment = moment
        self.search_order = None

    @property
    def form(self):
        """The form, offering today's categories and districts (read only here: filtering cleaned data needs no
        query)."""
        if not hasattr(self, "_form"):
            form = super().form
            form.fields["category"].choices = self.category_choices()
            form.fields["district"].choices = self.district_choices()
        return self._form

    def category_choices(self):
        if self._categories is None:
            self._categories = list(Category.objects.all())
        return [(c.slug, c.display_name) for c in self._categories]

    def district_choices(self):
        if self._districts is None:
            self._districts = list(District.objects.all())
        return [(d.slug, d.name) for d in self._districts]

    def filter_queryset(self, queryset):
        return self.filter_cleaned(queryset, self.form.cleaned_data)

    def filter_cleaned(self, queryset, data):
        """Apply cleaned filter data (the form's, or a dict of the same shape) to `queryset`."""
        self.search_order = None
        for name in self.APPLY_ORDER:
            queryset = self.filters[name].filter(queryset, data.get(name))
        return queryset

    def _search(self, queryset, _name, value):
        self.search_order = search_ids(value)
        return queryset.filter(pk__in=self.search_order)

    def _services(self, queryset, _name, keys):
        for key in keys:
            queryset = queryset.filter(**{SERVICES[key][0]: True})
        return queryset

    def _campaign(self, queryset, _name, value):
        if value != "1":
            return queryset
        condition = Q(pk__in=[])
        for ids in hooks.active_campaign_querysets():
            condition |= Q(pk__in=ids)
        return queryset.filter(condition)

    def _open(self, queryset, _name, value):
        if value != "1":
            return queryset
        moment = self.moment or timezone.now()
        rules = load_rules(queryset)
        return queryset.filter(pk__in=[pk for pk, r in rules.items() if is_open(r, moment)])

    def _unfiltered(self, queryset, _name, _value):
        return queryset  # the sort order: see order_businesses


def filter_businesses(queryset, data, moment=None):
    """Apply cleaned filter data to a BusinessPage queryset; returns (queryset, search_order or None)."""
    filterset = DirectoryFilterSet(queryset=queryset, moment=moment)
    queryset = filterset.filter_cleaned(queryset, data)
    return queryset, filterset.search_order


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
    """Businesses in the order `sort` names; ties (and "name") in German alphabetical order from the stored sort key
    (directory.collation), which needs no collation function and no sort in Python."""
    if sort == "relevance" and search_order:
        ranking = Case(
            *[When(pk=pk, then=position) for position, pk in enumerate(search_order)],
            default=len(search_order),
            output_field=IntegerField(),
        )
        return queryset.order_by(ranking, *german_title_order())
    if sort == "newest":
        return queryset.order_by("-first_published_at", *german_title_order())
    if sort == "updated":
        return queryset.order_by("-last_published_at", *german_title_order())
    return queryset.order_by(*german_title_order())
