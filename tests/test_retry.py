"""commons.tasks.retrying_task: bounded re-enqueueing of failing background tasks."""

import datetime

import pytest

from django.test import override_settings
from django.utils import timezone

from commons.tasks import retrying_task

CALLS = []


class Flaky(Exception):
    pass


@retrying_task(max_attempts=3, backoff_seconds=60)
def flaky(label, failures):
    CALLS.append(label)
    if len(CALLS) <= failures:
        raise Flaky(f"failure {len(CALLS)}")
    return f"done {label}"


@retrying_task(max_attempts=3, retry_on=(Flaky,))
def wrong_input(label):
    CALLS.append(label)
    raise ValueError("not worth retrying")


@pytest.fixture(autouse=True)
def reset():
    CALLS.clear()


def test_succeeds_after_transient_failures_with_the_immediate_backend():
    result = flaky.enqueue("mail", failures=2)
    assert CALLS == ["mail", "mail", "mail"]
    assert result.status == "FAILED"  # the first run failed; its retries ran (and succeeded) right away


def test_gives_up_after_max_attempts():
    flaky.enqueue("mail", failures=100)
    assert CALLS == ["mail"] * 3


def test_other_errors_are_not_retried():
    wrong_input.enqueue("x")
    assert CALLS == ["x"]


def test_a_task_that_succeeds_runs_once():
    result = flaky.enqueue("ok", failures=0)
    assert CALLS == ["ok"]
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "done ok"


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_database_backend_defers_the_retry_with_backoff():
    from django_tasks_db.models import DBTaskResult

    before = timezone.now()
    with pytest.raises(Flaky):
        flaky.call("mail", failures=100, _attempt=2)
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs == {"args": ["mail"], "kwargs": {"failures": 100, "_attempt": 3}}
    # attempt 2 failed: the third comes after 60 * 2 = 120 seconds
    assert queued.run_after >= before + datetime.timedelta(seconds=119)
    assert queued.run_after <= timezone.now() + datetime.timedelta(seconds=121)


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_database_backend_last_attempt_enqueues_nothing():
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(Flaky):
        flaky.call("mail", failures=100, _attempt=3)
    assert not DBTaskResult.objects.exists()


def test_max_attempts_must_be_positive():
    with pytest.raises(ValueError):
        retrying_task(max_attempts=0)
