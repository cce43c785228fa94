"""Editors' admin views of the directory: import a register or an OSM extract (directory.importers), and the
listings whose owners have not confirmed them for a while."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.models import Site

from commons.permissions import require_permission
from directory import freshness, importers
from directory.importers import runs
from directory.models import BusinessPage, Category, ImportRun, ImportStatus

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
IMPORT_PERMISSION = "directory.add_importrun"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV register, OpenStreetMap extract (.osm, .osm.pbf) or GeoJSON; at most 20 MB."),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: only show what would change"), required=False, initial=True
    )
    all_or_nothing = forms.BooleanField(
        label=gettext_lazy("All or nothing: import nothing if any row is bad"), required=False
    )
    default_category = forms.ModelChoiceField(
        Category.objects.all(),
        label=gettext_lazy("Category for rows without a known one"),
        required=False,
        to_field_name="slug",
        help_text=gettext_lazy("Leave empty to report such rows instead."),
    )
    source = forms.SlugField(
        label=gettext_lazy("Source key (CSV)"),
        max_length=40,
        initial="register",
        help_text=gettext_lazy("A short name; re-imports of the same source update the same listings."),
    )
    source_name = forms.CharField(label=gettext_lazy("Source name (CSV)"), max_length=120, required=False)
    licence = forms.CharField(
        label=gettext_lazy("Licence (CSV)"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("OpenStreetMap data is always recorded as ODbL-1.0."),
    )
    attribution = forms.CharField(label=gettext_lazy("Attribution (CSV)"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB. Use manage.py import_businesses."))
        if importers.guess_format(upload.name) is None:
            raise forms.ValidationError(_("Unknown file type. Use .csv, .osm, .osm.pbf or .geojson."))
        return upload


def import_index(request):
    require_permission(request, IMPORT_PERMISSION)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        with transaction.atomic():
            run = ImportRun.objects.create(
                format=importers.guess_format(upload.name),
                filename=upload.name[:200],
                source=data["source"],
                dry_run=data["dry_run"],
                options={
                    "all_or_nothing": data["all_or_nothing"],
                    "default_category": data["default_category"].slug if data["default_category"] else "",
                    "source_name": data["source_name"],
                    "licence": data["licence"],
                    "attribution": data["attribution"],
                },
                data=upload.read(),
                created_by=request.user,
            )
            runs.start(run)
        return redirect("directory_import_run", run.pk)
    recent = ImportRun.objects.select_related("created_by").defer("data", "report")[:20]
    return TemplateResponse(
        request,
        "directory/admin/import_index.html",
        {"form": form, "runs": recent, "header_title": _("Import businesses")},
    )


def import_run(request, pk):
    require_permission(request, IMPORT_PERMISSION)
    run = get_object_or_404(ImportRun.objects.defer("data"), pk=pk)
    can_apply = (
        run.dry_run and run.status == ImportStatus.DONE and ImportRun.objects.filter(pk=pk, data__isnull=False).exists()
    )
    labels = {
        "created": _("new"),
        "updated": _("updated"),
        "unchanged": _("unchanged"),
        "skipped": _("skipped"),
        "error": _("error"),
    }
    rows = [{**row, "label": labels.get(row.get("action"), row.get("action"))} for row in run.report or []]
    response = TemplateResponse(
        request,
        "directory/admin/import_run.html",
        {"run": run, "rows": rows, "can_apply": can_apply, "header_title": _("Import report")},
    )
    if run.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        response["Refresh"] = "3"
    return response


@require_POST
def import_apply(request, pk):
    """Import for real what a dry run showed (the same file and options)."""
    require_permission(request, IMPORT_PERMISSION)
    dry = get_object_or_404(ImportRun, pk=pk, dry_run=True, status=ImportStatus.DONE, data__isnull=False)
    with transaction.atomic():
        run = ImportRun.objects.create(
            format=dry.format,
            filename=dry.filename,
            source=dry.source,
            dry_run=False,
            options=dry.options,
            data=dry.data,
            created_by=request.user,
        )
        ImportRun.objects.filter(pk=dry.pk).update(data=None)  # one real import per dry run
        runs.start(run)
    return redirect("directory_import_run", run.pk)


def stale_listings(request):
    """Published listings their owners have not confirmed for the configured number of days, oldest first."""
    require_permission(request, "wagtailadmin.access_admin")
    if request.method == "POST":
        ids = [int(pk) for pk in request.POST.getlist("business") if pk.isdigit()][:500]
        editable = [
            page.pk
            for page in BusinessPage.objects.filter(pk__in=ids)
            if page.permissions_for_user(request.user).can_edit()
        ]
        for pk in editable:
            freshness.confirm(pk, request.user)
        messages.success(request, _("%(count)d listings marked as confirmed.") % {"count": len(editable)})
        return redirect("directory_stale_listings")
    days = freshness.settings_for(Site.find_for_request(request)).stale_after_days
    listings = (
        freshness.stale_businesses(days)
        .annotate(owner_count=Count("ownerships"))
        .order_by(F("freshness__confirmed_at").asc(nulls_first=True), "title")
    )
    paginator = Paginator(listings, 100)
    page_obj = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "directory/admin/stale_listings.html",
        {"page_obj": page_obj, "days": days, "count": paginator.count, "header_title": _("Outdated listings")},
    )
