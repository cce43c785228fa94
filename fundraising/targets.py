"""Pages that take pledges ("pledge targets") and where a voucher is valid ("its scope").

The core knows one thing about the page a pledge supports: it is a page of a *registered pledge target type*.
A type is registered through the Wagtail hook `register_pledge_target_type` — `fn() -> PledgeTargetType` — from
the app that owns the page model. The business's `CampaignPage` is the built-in type (fundraising/wagtail_hooks.py);
sub-apps add theirs (e.g. fundraising.collective registers its campaigns for a group of businesses). The core never
imports them.

A pledge stores its page in `Pledge.target`. A voucher is valid in `Voucher.business` or, when that is empty, in
the places the type of its `Voucher.scope` page names (`voucher_scope_ids`).
"""

from django.db.models import Q

from wagtail import hooks
from wagtail.models import Page

from fundraising.models.progress import campaign_progress

HOOK = "register_pledge_target_type"


class PledgeTargetType:
    """What the core asks about one kind of page that takes pledges. Subclass, set `model`, override what differs.

    The page model itself mixes in `fundraising.models.campaign.PledgeTargetMixin` (goal, period, state, rewards,
    the pledge form's page and routes); this object answers the questions asked *across* pages: admin filters,
    where vouchers are valid, who benefits.
    """

    #: The page model (a subclass of wagtail's Page and PledgeTargetMixin).
    model = None
    #: Whether its vouchers are valid in several businesses (scoped to the page, e.g. a city-wide voucher): such a
    #: page can take the vouchers of a business that closed for good in exchange (FundraisingSettings).
    scoped_vouchers = False
    #: The model of the page's rewards (with `page` and `valid_until`), for legal checks across types.
    reward_model = None

    @property
    def label(self):
        """The plural name shown in admin filters."""
        return self.model._meta.verbose_name_plural

    def title(self, page):
        """The title people see for the page (in emails, PDFs, lists)."""
        return page.title

    def progress(self, page):
        """The progress dict (raised, goal, percent, supporters, days left, state)."""
        return campaign_progress(page)

    def ensure_ready(self, page):
        """Called before the page is shown or a pledge is taken (e.g. fix the list of beneficiaries at the start)."""
        page.ensure_ready()

    def page_context(self, page, request):
        """Extra context for the page's template."""
        return page.pledge_page_context(request)

    def beneficiary_ids(self, page):
        """The ids of the businesses that benefit from the page's pledges."""
        return []

    def voucher_scope_ids(self, business):
        """A queryset of page ids (`.values("pk")` or similar) of this type whose scoped vouchers `business` may
        accept, or None when vouchers of this type are never scoped (they name their business)."""
        return None

    def admin_pages(self):
        """The pages offered in the admin's "campaign" filters."""
        return self.model.objects.all()


def target_types():
    """Every registered type, in hook order."""
    types = []
    for fn in hooks.get_hooks(HOOK):
        target_type = fn()
        if target_type is not None:
            types.append(target_type)
    return types


def target_models():
    return [target_type.model for target_type in target_types()]


def type_for(page):
    """The registered type of a page (a specific page or a plain `Page`), or None."""
    page_class = type(page)
    specific_class = getattr(page, "specific_class", None) or page_class
    for target_type in target_types():
        if issubclass(specific_class, target_type.model) or issubclass(page_class, target_type.model):
            return target_type
    return None


def takes_scoped_vouchers(page):
    """Whether vouchers scoped to `page` are valid in several businesses (see PledgeTargetType.scoped_vouchers)."""
    target_type = type_for(page)
    return bool(target_type and target_type.scoped_vouchers)


def is_target(page):
    return type_for(page) is not None


def title_of(page):
    target_type = type_for(page)
    return target_type.title(page.specific if target_type else page) if target_type else page.title


def voucher_scope_filter(business):
    """A Q on Voucher: scoped vouchers that `business` may accept, over every registered type (one subquery each)."""
    condition = Q(pk__in=[])
    for target_type in target_types():
        scope_ids = target_type.voucher_scope_ids(business)
        if scope_ids is not None:
            condition |= Q(scope_id__in=scope_ids)
    return condition


def admin_page_queryset():
    """All pages of every registered type, for the admin's filters (one query, no specific instances)."""
    ids = Q(pk__in=[])
    for target_type in target_types():
        ids |= Q(pk__in=target_type.admin_pages().values("pk"))
    return Page.objects.filter(ids).order_by("title")
