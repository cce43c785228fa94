"""The rules a citizen's collective campaign must keep (dates, goal, size, how often), in one place."""

import datetime

from commons.ratelimit import Limit

from ..conf import conf

# The first possible start day is this many days ahead, so that the editors can review the campaign and the
# businesses found by it can opt out before the list of beneficiaries is frozen on the start day.
START_LEAD_DAYS = conf.get("COLLECTIVE_START_LEAD_DAYS")
MAX_START_AHEAD_DAYS = 365  # the start lies within a year
MAX_DURATION_DAYS = 365  # the end lies within a year of the start
MIN_GOAL_CENTS = 100_00
MAX_GOAL_CENTS = 1_000_000_00
# Submissions per initiator account: new campaigns, and edits of a draft.
STARTS_PER_USER = Limit("collective-start:user", "10/h", per=Limit.USER)
EDITS_PER_USER = Limit("collective-edit:user", "30/h", per=Limit.USER)
MIN_BENEFICIARIES = 2  # one business is not a collective campaign: that is a proposal (collective:propose)
MAX_PENDING_PER_USER = conf.get("COLLECTIVE_MAX_PENDING_STARTS")
MAX_STORY_CHARS = 5000
MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"jpeg", "png", "webp"}
UPLOAD_COLLECTION = conf.get("COLLECTIVE_UPLOAD_COLLECTION")
SEARCH_RESULTS = 30  # businesses shown for a search (plus the ones already chosen)
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)
MAX_ID = 2**53
RESERVED_SLUGS = {"starten", "meine", "fuer", "vorschlag"}
