"""Import runs for the editors: the upload is stored on an ImportRun and imported in a background task, so a large
file never runs into the web server's time-out; the report (every row with its line and reason) stays with the run."""

from django_tasks import task

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from directory.models import ImportRun, ImportStatus

from . import ImportFileError, Options, register_source, run

MAX_REPORT_ROWS = 5000


def store_report(import_run, report):
    rows = [result.as_dict() for result in report.results]
    rows.sort(key=lambda row: {"error": 0, "skipped": 1, "created": 2, "updated": 3}.get(row["action"], 4))
    ImportRun.objects.filter(pk=import_run.pk).update(
        status=ImportStatus.DONE,
        counts={**report.counts, "rolled_back": report.rolled_back, "notes": report.notes},
        report=rows[:MAX_REPORT_ROWS],
        finished_at=timezone.now(),
    )


def start(import_run):
    """Queue the run after the transaction that created it commits."""
    transaction.on_commit(lambda: execute.enqueue(import_run.pk))


@task()
def execute(run_id):
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING)
    if not claimed:
        return  # already done by another worker
    import_run = ImportRun.objects.get(pk=run_id)
    opts = import_run.options or {}
    options = Options(
        dry_run=import_run.dry_run,
        all_or_nothing=bool(opts.get("all_or_nothing")),
        default_category=opts.get("default_category", ""),
        user=get_user_model().objects.filter(pk=import_run.created_by_id).first(),
    )
    source = register_source(
        import_run.source, opts.get("source_name", ""), opts.get("licence", ""), opts.get("attribution", "")
    )
    try:
        report = run(bytes(import_run.data or b""), import_run.format, options, source)
    except ImportFileError as error:
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportStatus.FAILED, error=str(error), finished_at=timezone.now(), data=None
        )
        return
    store_report(import_run, report)
    if not import_run.dry_run:
        ImportRun.objects.filter(pk=run_id).update(data=None)
