"""Cache invalidation for outreach's own caches (key figures, featured lists, widget cards).

Everything outreach caches carries one generation number in its key; any pledge paid or refunded, campaign change,
page publish/unpublish/delete or change of featured campaigns bumps it (see docs/DEVELOPING.md)."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from commons.generation import Generation
from commons.signals import public_content_changed
from fundraising import signals as fundraising_signals

OUTREACH_GENERATION = Generation("outreach:generation")
GENERATION_KEY = OUTREACH_GENERATION.key
generation = OUTREACH_GENERATION.current


def invalidate(**_kwargs):
    """Bump now and once more after commit, so nothing read before the commit survives under the new number."""
    OUTREACH_GENERATION.invalidate()


def cache_key(name, *parts):
    return ":".join(["outreach", name, str(generation()), *(str(p) for p in parts)])


def connect():
    # Senders named lazily ("app_label.Model"): the models import the figures, which import this module.
    for signal in (fundraising_signals.pledge_paid, fundraising_signals.pledge_refunded):
        signal.connect(invalidate, dispatch_uid=f"outreach-invalidate-{id(signal)}")
    fundraising_signals.campaign_changed.connect(invalidate, dispatch_uid="outreach-invalidate-campaign-changed")
    page_published.connect(invalidate, dispatch_uid="outreach-invalidate-published")
    page_unpublished.connect(invalidate, dispatch_uid="outreach-invalidate-unpublished")
    for name in ("FeaturedCampaign", "OutreachSettings"):
        post_save.connect(invalidate, sender=f"outreach.{name}", dispatch_uid=f"outreach-invalidate-{name}-save")
        post_delete.connect(invalidate, sender=f"outreach.{name}", dispatch_uid=f"outreach-invalidate-{name}-delete")
    # Pages that show these (home page: featured campaigns; campaign page: updates) sit in the shared public-page
    # cache of the host (commons.signals.public_content_changed): drop it when they change.
    for name in ("FeaturedCampaign", "CampaignUpdate"):
        post_save.connect(_public_cache, sender=f"outreach.{name}", dispatch_uid=f"outreach-public-cache-{name}-save")
        post_delete.connect(
            _public_cache, sender=f"outreach.{name}", dispatch_uid=f"outreach-public-cache-{name}-delete"
        )

    post_delete.connect(_page_deleted, dispatch_uid="outreach-invalidate-page-delete")


def _public_cache(**kwargs):
    public_content_changed.send(sender=__name__)


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate()
