"""Test helpers: moved to directory.testing (the plugins' tests use them without the owners app)."""

from directory.testing import TEST_PASSWORD, make_editor, make_verified_user  # noqa: F401
