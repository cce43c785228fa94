"""Wagtail checks a page's view restrictions on every request it serves (two queries: the ancestors, for aliases,
then the restrictions). A site without any view restriction — the usual case — need not ask: whether any exists is
kept in the cache under the public-content generation (commons/fragment_cache.py), which every save or delete of
a restriction bumps (``connect_signals``, from CommonsConfig.ready). Pages opt in with
:class:`ViewRestrictionsShortcutMixin` (before ``Page`` in their bases)."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import PageViewRestriction

from commons import fragment_cache

KEY = "view-restrictions:any"


def any_restriction():
    """Whether any page view restriction exists (one cache round trip; a query only after a change)."""
    return fragment_cache.PUBLIC_CONTENT.get_or_build(KEY, PageViewRestriction.objects.exists, timeout=3600)


class ViewRestrictionsShortcutMixin:
    def get_view_restrictions(self):
        if not any_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def _changed(sender, **kwargs):
    fragment_cache.invalidate()  # fixtures too (raw): a restriction must never be skipped


def connect_signals():
    post_save.connect(_changed, sender=PageViewRestriction, dispatch_uid="commons-view-restriction-saved")
    post_delete.connect(_changed, sender=PageViewRestriction, dispatch_uid="commons-view-restriction-deleted")
