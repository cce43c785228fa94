"""Citizens, clubs and associations start a collective campaign from the public site.

The initiator (a logged-in user with a verified email address) fills in one form; the campaign is created as a
draft `CollectiveCampaignPage` under the index (owner and `initiator` = that user) and put into the editors'
workflow with `commons.moderation.submit_for_moderation`. Nothing is published without an editor, and the initiator
never gets a Wagtail permission: they edit their own draft here, through the same form, until it is live; after
that only the editors change it.

By job: `rules` (limits and dates), `form` (the one form), `drafts` (the draft page, its images, its workflow
state), `views` (start, edit, mine), `emails` (to the initiator on the editors' decisions).
"""

from .emails import connect, initiator_menu_item
from .form import CollectiveStartForm, normalise_amount
from .rules import MAX_PENDING_PER_USER, SEARCH_RESULTS, START_LEAD_DAYS, UPLOAD_COLLECTION
from .views import edit, mine, start

__all__ = [
    "MAX_PENDING_PER_USER",
    "SEARCH_RESULTS",
    "START_LEAD_DAYS",
    "UPLOAD_COLLECTION",
    "CollectiveStartForm",
    "connect",
    "edit",
    "initiator_menu_item",
    "mine",
    "normalise_amount",
    "start",
]
