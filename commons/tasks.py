"""Retries for background tasks. django-tasks 0.12 has none built in, so a failing run re-enqueues itself.

    from commons.tasks import retrying_task

    @retrying_task(max_attempts=5, backoff_seconds=60)
    def send_templated_email(template_prefix, to, context, language="de"):
        ...

Each failed run is recorded as FAILED by the backend (visible in the task admin) and enqueues the next attempt
with an exponential delay (60 s, 120 s, 240 s, …) when the backend can defer (django_tasks_db in production); the
immediate backend (development, tests) retries at once. After `max_attempts` runs the last error stands and
nothing more is enqueued. The attempt number travels as the keyword argument `_attempt`, so the queued arguments
stay JSON. Only for idempotent work (an email sent twice after a crash between sending and finishing is possible
— the usual at-least-once trade-off).
"""

import datetime
import functools
import logging

from django_tasks import task

from django.utils import timezone

logger = logging.getLogger(__name__)

ATTEMPT_KWARG = "_attempt"


def retrying_task(*, max_attempts=5, backoff_seconds=60, max_backoff_seconds=3600, retry_on=(Exception,), **options):
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")

    def decorator(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            try:
                return func(*args, **kwargs)
            except retry_on:
                if attempt >= max_attempts:
                    logger.exception("Task %s failed for good after %s attempts", wrapped.name, attempt)
                    raise
                delay = min(max_backoff_seconds, backoff_seconds * 2 ** (attempt - 1))
                runner = wrapped
                if wrapped.get_backend().supports_defer and delay > 0:
                    runner = wrapped.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
                logger.warning("Task %s failed (attempt %s of %s); retrying", wrapped.name, attempt, max_attempts)
                runner.enqueue(*args, **kwargs, **{ATTEMPT_KWARG: attempt + 1})
                raise

        wrapped = task(**options)(run)
        return wrapped

    return decorator
