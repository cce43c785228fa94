"""The one place that says what a campaign's state means for a visitor: its badge, and whether it invites support.

Used by `{% campaign_status %}` (business pages, cards, the map list, campaign and collective pages) and by the map
popups' data, so an ended campaign never shows "Support now" or "0 days left" anywhere.
"""

from django.utils.translation import gettext as _

INVITING = ("active", "goal_reached")
BADGES = {
    "upcoming": ("badge--info", lambda: _("Starting soon")),
    "active": ("badge--campaign", lambda: _("Active")),
    "goal_reached": ("badge--open", lambda: _("Goal reached")),
    "ended": ("badge--closed", lambda: _("Ended")),
}


def state_badge(state):
    """(css class, label) of a campaign state."""
    css, label = BADGES.get(str(state), ("badge--info", lambda: str(state)))
    return css, label()


def campaign_status(summary, matched_cents=0):
    """What a summary dict (see the `directory_campaign_summaries` hook) means for display."""
    state = str(summary.get("state") or "")
    css, label = state_badge(state)
    raised = summary.get("raised_cents") or 0
    matched = max(0, int(matched_cents or 0))
    goal = summary.get("goal_cents") or 0
    total = raised + matched
    invites = state in INVITING
    return {
        "state": state,
        "badge_class": css,
        "label": label,
        "invites_support": invites,
        "days_left": summary.get("days_left") if invites else None,
        "raised_cents": raised,
        "matched_cents": matched,
        "total_cents": total,
        "goal_cents": goal,
        "percent": min(100, total * 100 // goal) if goal else 0,
        "supporters": summary.get("supporters") or 0,
    }
