"""From records to listings: validate, match, plan and (unless it is a dry run) write.

Decisions (directory/README.md, "Import"):
* Imported businesses are new, **unpublished** pages without owners; the editors publish them.
* A re-run updates instead of duplicating: a record matches the listing with the same (source, source id), else a
  listing with the same name, street and postcode (compared without case and punctuation). A listing that has an
  owner is left alone: the owner keeps it up to date.
* **One transaction per row**: a bad row is reported (line and reason) and nothing of it is written, while the
  good rows of the same file are imported. With `all_or_nothing`, any bad row rolls the whole import back.
* The source, its id there and its licence are stored per listing (`ListingSource`); listings under a licence
  that asks for it (ODbL for OpenStreetMap) show the attribution on their page.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.conf import conf
from directory.geo import check_plausible, distance_m, format_location
from directory.models import BusinessOwner, BusinessPage, Category, DirectoryIndexPage, District, RegularHours
from directory.models.provenance import ListingSource

from . import osm_hours
from .records import Record, Source, clean_text

DEFAULT_CATEGORY_MAP = Path(__file__).resolve().parent / "category_map.json"


class RowError(Exception):
    pass


class Rollback(Exception):
    """Raised inside the all-or-nothing transaction to undo every row."""


@dataclass
class Options:
    dry_run: bool = False
    all_or_nothing: bool = False
    default_category: str = ""
    category_map: str = ""  # a path; empty: setting DIRECTORY_IMPORT_CATEGORY_MAP or the shipped file
    user: object = None


@dataclass
class Result:
    line: str
    action: str  # created, updated, unchanged, skipped, error
    name: str = ""
    reason: str = ""
    changes: list = field(default_factory=list)
    business_id: int | None = None

    def as_dict(self):
        return {k: v for k, v in self.__dict__.items() if v not in ("", [], None)}


@dataclass
class Report:
    results: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    rolled_back: bool = False

    @property
    def counts(self):
        counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0, "error": 0}
        for result in self.results:
            counts[result.action] = counts.get(result.action, 0) + 1
        return counts


def load_category_map(path=""):
    path = path or conf.get("DIRECTORY_IMPORT_CATEGORY_MAP") or DEFAULT_CATEGORY_MAP
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    rules = [(str(tag).split("=", 1), str(slug)) for tag, slug in data.get("osm", [])]
    aliases = {str(k).casefold(): str(v) for k, v in (data.get("aliases") or {}).items()}
    return rules, aliases


def osm_keys(path=""):
    """The tag keys the category map's OSM rules look at (pyosmium reads only objects with one of them)."""
    rules, _aliases = load_category_map(path)
    return {key for (key, *_value), _slug in rules}


def normalise_name(text):
    text = str(text or "").casefold().replace("ß", "ss")
    text = re.sub(r"str(asse|\.)(?=\s|\d|$)", "str", text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def match_key(name, street, postcode):
    return (normalise_name(name), normalise_name(street), str(postcode or "").strip())


class Importer:
    def __init__(self, source: Source, options: Options):
        self.source = source
        self.options = options
        self.rules, self.aliases = load_category_map(options.category_map)
        self.index = DirectoryIndexPage.objects.first()
        self.categories = list(Category.objects.all())
        self.districts = list(District.objects.all())
        self.by_slug = {c.slug: c for c in self.categories}
        self.category_names = {}
        for category in self.categories:
            for name in (category.slug, category.name, category.name_en):
                if name:
                    self.category_names[name.casefold()] = category
        self.district_names = {}
        for district in self.districts:
            self.district_names[district.slug.casefold()] = district
            self.district_names[district.name.casefold()] = district
        self.by_source_id = dict(
            ListingSource.objects.filter(source=source.key).values_list("source_id", "business_id")
        )
        self.sourced = dict(ListingSource.objects.values_list("business_id", "source"))
        self.by_address = {}
        for pk, title, street, postcode in BusinessPage.objects.values_list("pk", "title", "street", "postcode"):
            self.by_address.setdefault(match_key(title, street, postcode), pk)
        self.owned = set(BusinessOwner.objects.values_list("business_id", flat=True))
        self.slugs = set(self.index.get_children().values_list("slug", flat=True)) if self.index else set()
        self.seen = {}

    # Validation --------------------------------------------------------------------------------------------------

    def category_for(self, record):
        if record.tags is not None:
            for (key, *value), slug in self.rules:
                tag_value = record.tags.get(key)
                if tag_value and (value in ([], ["*"]) or tag_value == value[0]):
                    return [self._category_slug(slug, from_map=True)]
            if self.options.default_category:
                return [self._category_slug(self.options.default_category)]
            described = ", ".join(
                f"{k}={v}" for k, v in sorted(record.tags.items()) if k in {k for (k, *_), _s in self.rules}
            )
            raise RowError(_("no category rule for %(tags)s") % {"tags": described or "–"}, "skipped")
        names = record.categories or ([self.options.default_category] if self.options.default_category else [])
        if not names:
            raise RowError(_("no category"))
        result = []
        for name in names:
            category = self.category_names.get(name.casefold())
            if category is None and name.casefold() in self.aliases:
                category = self._category_slug(self.aliases[name.casefold()], from_map=True)
            if category is None:
                raise RowError(_("unknown category “%(name)s”") % {"name": name[:60]})
            if category not in result:
                result.append(category)
        return result

    def _category_slug(self, slug, from_map=False):
        category = self.by_slug.get(slug) or self.category_names.get(str(slug).casefold())
        if category is None:
            message = _("unknown category “%(name)s” (from the category map)") if from_map else None
            raise RowError((message or _("unknown category “%(name)s”")) % {"name": str(slug)[:60]})
        return category

    def district_for(self, record):
        if record.district:
            district = self.district_names.get(record.district.casefold())
            if district is None:
                raise RowError(_("unknown district “%(name)s”") % {"name": record.district[:60]})
            return district
        if record.lat is None or not self.districts:
            raise RowError(_("neither a district nor a location"))
        return min(self.districts, key=lambda d: distance_m(d.center_lat, d.center_lng, record.lat, record.lng))

    def validate(self, record):
        """The page's field values for a record, or RowError with the reason."""
        if record.problem:
            raise RowError(record.problem)
        name = clean_text(record.name, 255)
        if not name:
            raise RowError(
                _("no name") if name == "" else _("the name is too long"), "skipped" if record.tags else "error"
            )
        street = clean_text(record.street, 120)
        if not street:
            raise RowError(_("no street address") if street == "" else _("the street is too long"))
        postcode = clean_text(record.postcode, 10)
        if not postcode:
            raise RowError(_("no postcode") if postcode == "" else _("the postcode is too long"))
        city = clean_text(record.city, 80) or conf.get("CITY_NAME")
        if record.lat is not None:
            try:
                check_plausible(record.lat, record.lng)
            except ValueError as error:
                raise RowError(str(error)) from None
        categories = self.category_for(record)
        district = self.district_for(record)
        values = {
            "title": name,
            "street": street,
            "postcode": postcode,
            "city": city,
            "district": district,
            "location": format_location(record.lat, record.lng) if record.lat is not None else "",
            "phone": clean_text(record.phone, 40) or "",
            "website": self._url(record.website),
            "email": self._email(record.email),
        }
        description = clean_text(record.description, 200)
        values["short_description"] = description or _short_description(categories, district)
        hours, raw_hours = None, ""
        if record.opening_hours:
            try:
                hours = osm_hours.parse(record.opening_hours)
            except osm_hours.UnsupportedHours:
                raw_hours = (clean_text(record.opening_hours, 255) or "")[:255]
        return values, categories, hours, raw_hours

    @staticmethod
    def _url(value):
        text = clean_text(value, 200) or ""
        if text and not re.match(r"^https?://", text, re.IGNORECASE):
            text = f"https://{text}"
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            return ""
        return text

    @staticmethod
    def _email(value):
        text = clean_text(value, 254) or ""
        try:
            EmailValidator()(text)
        except ValidationError:
            return ""
        return text

    # Matching and planning ------------------------------------------------------------------------------------

    def match(self, record, values):
        if record.source_id and record.source_id in self.by_source_id:
            return self.by_source_id[record.source_id]
        return self.by_address.get(match_key(values["title"], values["street"], values["postcode"]))

    def run(self, records):
        report = Report()
        if self.index is None:
            report.notes.append(_("There is no directory page to put businesses under. Create it first."))
            return report
        if self.options.all_or_nothing and not self.options.dry_run:
            try:
                with transaction.atomic():
                    self._run(records, report)
                    if report.counts["error"]:
                        raise Rollback
            except Rollback:
                report.rolled_back = True
        else:
            self._run(records, report)
        return report

    def _run(self, records, report):
        for record in records:
            report.results.append(self.process(record))

    def process(self, record: Record):
        result = Result(line=record.line, action="error", name=(record.name or "")[:120])
        try:
            values, categories, hours, raw_hours = self.validate(record)
            key = record.source_id or match_key(values["title"], values["street"], values["postcode"])
            if key in self.seen:
                raise RowError(_("duplicate of %(line)s in the same file") % {"line": self.seen[key]})
            self.seen[key] = record.line
            business_id = self.match(record, values)
            if business_id is None:
                result.action = "created"
                if not self.options.dry_run:
                    with transaction.atomic():
                        result.business_id = self.create(record, values, categories, hours, raw_hours)
                return result
            result.business_id = business_id
            if business_id in self.owned:
                result.action, result.reason = "skipped", _("has an owner, who keeps it up to date")
                return result
            other = self.sourced.get(business_id)
            if other and other != self.source.key:
                result.action = "skipped"
                result.reason = _("already listed from another source (%(source)s)") % {"source": other}
                return result
            with transaction.atomic():
                result.changes = self.update(business_id, record, values, categories, hours, raw_hours)
            result.action = "updated" if result.changes else "unchanged"
        except RowError as error:
            result.reason = str(error.args[0])
            result.action = error.args[1] if len(error.args) > 1 else "error"
        except ValidationError as error:
            result.reason = "; ".join(error.messages)[:300]
        return result

    # Writing -----------------------------------------------------------------------------------------------------

    def _slug(self, name, district):
        base = (slugify(name) or "unternehmen")[:60]
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def _source_values(self, record, raw_hours):
        return {
            "source_name": self.source.name[:120],
            "licence": self.source.licence[:40],
            "attribution": self.source.attribution[:200],
            "attribution_url": self.source.url[:200],
            "raw_opening_hours": raw_hours,
        }

    def create(self, record, values, categories, hours, raw_hours):
        user = self.options.user
        page = BusinessPage(live=False, owner=user, slug=self._slug(values["title"], values["district"]), **values)
        page.categories = categories
        page.regular_hours = [RegularHours(weekday=d, opens=o, closes=c) for d, o, c in hours or []]
        self.index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        source_id = record.source_id or f"{slugify(values['title'])}:{values['postcode']}"
        ListingSource.objects.create(
            business=page, source=self.source.key, source_id=source_id[:120], **self._source_values(record, raw_hours)
        )
        self.by_source_id[source_id] = page.pk
        self.by_address[match_key(values["title"], values["street"], values["postcode"])] = page.pk
        return page.pk

    def update(self, business_id, record, values, categories, hours, raw_hours):
        page = BusinessPage.objects.get(pk=business_id)
        draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        changes = [name for name, value in values.items() if _comparable(getattr(draft, name)) != _comparable(value)]
        if {c.pk for c in draft.categories.all()} != {c.pk for c in categories}:
            changes.append("categories")
        current_hours = sorted((h.weekday, h.opens, h.closes) for h in draft.regular_hours.all())
        if hours is not None and current_hours != sorted(hours):
            changes.append("opening hours")
        if self.options.dry_run:
            return changes
        source, _created = ListingSource.objects.get_or_create(
            business_id=business_id,
            defaults={"source": self.source.key, "source_id": (record.source_id or str(business_id))[:120]},
        )
        ListingSource.objects.filter(pk=source.pk).update(**self._source_values(record, raw_hours))
        if not changes:
            return changes
        for name, value in values.items():
            setattr(draft, name, value)
        draft.categories = categories
        if hours is not None:
            draft.regular_hours = [RegularHours(weekday=d, opens=o, closes=c) for d, o, c in hours]
        user = self.options.user
        if page.live:
            revision = draft.save_revision(user=user, log_action=True)
            if not page.has_unpublished_changes:
                revision.publish(user=user)
        else:
            draft.save()
            draft.save_revision(user=user, log_action=True)
        return changes


def _comparable(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, float | dt.date):
        return value
    return str(value or "")


def _short_description(categories, district):
    names = " & ".join(c.name for c in categories[:2])
    return f"{names} in {district.name}"[:200]
