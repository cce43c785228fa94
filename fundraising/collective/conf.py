"""Collective campaigns' settings and their defaults (documented in fundraising/collective/README.md). Read them
here, at the point of use: `conf.get("COLLECTIVE_PARENT_PAGE_TYPES")`."""

from commons.conf import AppSettings

conf = AppSettings(
    {
        # Where the index of collective campaigns may be created (the host sets its home page type).
        "COLLECTIVE_PARENT_PAGE_TYPES": ["wagtailcore.Page"],
        # Days between submitting a citizen's campaign and its earliest start (review, opt-outs).
        "COLLECTIVE_START_LEAD_DAYS": 7,
        # Campaigns one initiator may have waiting for the editors at once.
        "COLLECTIVE_MAX_PENDING_STARTS": 3,
        # The image collection that takes initiators' uploads (created on first use).
        "COLLECTIVE_UPLOAD_COLLECTION": "Sammelaktionen (Einsendungen)",
    }
)
get = conf.get
