"""Where an imported listing came from (source, id there, licence) and the editors' import runs.

Kept beside the page, not in it: an import's provenance is not content (page revisions never change it), and the
(source, source id) pair is what a re-run of the same import matches on.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingSource(models.Model):
    business = models.OneToOneField(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.CASCADE, related_name="import_source"
    )
    source = models.CharField(_("source"), max_length=40, help_text=_("e.g. 'osm' or 'register'"))
    source_id = models.CharField(_("ID in the source"), max_length=120)
    source_name = models.CharField(_("source name"), max_length=120, blank=True)
    licence = models.CharField(_("licence"), max_length=40, blank=True, help_text=_("e.g. ODbL-1.0"))
    attribution = models.CharField(_("attribution"), max_length=200, blank=True)
    attribution_url = models.URLField(_("attribution link"), blank=True)
    raw_opening_hours = models.CharField(
        _("opening hours in the source"),
        max_length=255,
        blank=True,
        help_text=_("As given by the source, for the editors when it could not be read."),
    )
    imported_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated by an import"), auto_now=True)

    class Meta:
        verbose_name = _("listing source")
        verbose_name_plural = _("listing sources")
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="directory_source_id_unique")]

    def __str__(self):
        return f"{self.source}:{self.source_id}"

    @property
    def needs_attribution(self):
        return bool(self.licence or self.attribution)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportRun(models.Model):
    """One import (or dry run) of a file: who, what, and the report of every row (directory.importers)."""

    format = models.CharField(_("format"), max_length=10)
    filename = models.CharField(_("file"), max_length=200)
    source = models.CharField(_("source"), max_length=40)
    dry_run = models.BooleanField(_("dry run"), default=False)
    options = models.JSONField(default=dict, blank=True)
    # The uploaded file while the run waits for the task queue (and for "import for real" after a dry run);
    # cleared when a real import has finished.
    data = models.BinaryField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
