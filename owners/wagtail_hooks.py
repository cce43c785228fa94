"""Admin for editors: owner profiles (trusted flag), claims, suggestions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from . import letter_admin
from .decisions import create_draft_listing, decide_claim, discard_suggestion
from .models import Claim, OwnerProfile, Status, Suggestion, SuggestionStatus
from .notifications import profile_language
from .permissions import email_is_verified
from .services import DirectoryMissing
from .templatetags.owners_tags import claim_link


class OwnerProfileViewSet(ModelViewSet):
    model = OwnerProfile
    icon = "user"
    menu_label = _("Owners")
    url_prefix = "owners/profiles"
    url_namespace = "owners_profile"
    list_display = ["__str__", "trusted", "language", "created_at"]
    list_filter = ["trusted", "language"]
    list_export = ["__str__", "trusted", "language", "created_at"]
    search_fields = ["user__email"]
    form_fields = ["trusted", "language"]


class ClaimForm(WagtailAdminModelForm):
    class Meta:
        model = Claim
        fields = ["status", "decision_note"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.pk and self.instance.status != Status.PENDING and status != self.instance.status:
            raise forms.ValidationError(_("This claim has already been decided."))
        return status


class ClaimEditView(EditView):
    def save_instance(self):
        claim = self.form.instance
        previous = Claim.objects.get(pk=claim.pk).status
        if previous == Status.PENDING and claim.status in (Status.APPROVED, Status.REJECTED):
            decide_claim(
                claim, claim.status == Status.APPROVED, self.request.user, self.form.cleaned_data["decision_note"]
            )
            claim.refresh_from_db()
            return claim
        Claim.objects.filter(pk=claim.pk).update(decision_note=claim.decision_note)
        return claim


class ClaimViewSet(ModelViewSet):
    model = Claim
    icon = "tick-inverse"
    menu_label = _("Claims")
    url_prefix = "owners/claims"
    url_namespace = "owners_claim"
    list_display = ["business", "user", "role", "letter", "status", "created_at"]
    list_filter = ["status"]
    list_export = ["business", "user", "role", "phone", "message", "status", "created_at", "decided_at"]
    search_fields = ["user__email", "role", "message"]
    form_fields = ["status", "decision_note"]
    edit_view_class = ClaimEditView

    def get_form_class(self, for_update=False):
        return ClaimForm


class SuggestionIndexView(IndexView):
    def get_list_buttons(self, instance):
        buttons = list(super().get_list_buttons(instance))
        if instance.status == SuggestionStatus.NEW:
            buttons.insert(
                0,
                ListingButton(
                    _("Create draft listing"),
                    url=reverse("owners_suggestion:convert", args=[instance.pk]),
                    icon_name="doc-empty-inverse",
                    priority=5,
                ),
            )
            buttons.insert(
                1,
                ListingButton(
                    _("Discard"),
                    url=reverse("owners_suggestion:discard", args=[instance.pk]),
                    icon_name="bin",
                    priority=6,
                ),
            )
        return buttons


class SuggestionViewSet(ModelViewSet):
    model = Suggestion
    icon = "pick"
    menu_label = _("Suggestions")
    url_prefix = "owners/suggestions"
    url_namespace = "owners_suggestion"
    list_display = ["name", "address", "district", "status", "created_at"]
    list_filter = ["status", "district"]
    list_export = ["name", "address", "district", "lat", "lng", "reason", "contact_name", "contact_email", "status"]
    search_fields = ["name", "address", "reason"]
    form_fields = ["name", "address", "district", "reason", "contact_name", "contact_email", "status"]
    index_view_class = SuggestionIndexView

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("convert/<int:pk>/", self.convert_view, name="convert"),
            path("discard/<int:pk>/", self.discard_view, name="discard"),
        ]

    def _check(self, request):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied

    def convert_view(self, request, pk):
        self._check(request)
        suggestion = get_object_or_404(Suggestion, pk=pk)
        if request.method == "POST":
            try:
                page = create_draft_listing(suggestion, request.user)
            except DirectoryMissing:
                messages.error(request, _("Create the business directory page first."))
                return redirect(self.get_url_name("index"))
            except ValueError:
                messages.error(request, _("Create at least one district first."))
                return redirect(self.get_url_name("index"))
            messages.success(request, _("Draft listing created. Complete it and publish it when ready."))
            return redirect("wagtailadmin_pages:edit", page.pk)
        return TemplateResponse(
            request,
            "owners/admin/confirm.html",
            {
                "suggestion": suggestion,
                "heading": _("Create a draft listing from this suggestion?"),
                "button": _("Create draft listing"),
                "index_url": reverse(self.get_url_name("index")),
            },
        )

    def discard_view(self, request, pk):
        self._check(request)
        suggestion = get_object_or_404(Suggestion, pk=pk)
        if request.method == "POST":
            discard_suggestion(suggestion)
            messages.success(request, _("Suggestion discarded."))
            return redirect(self.get_url_name("index"))
        return TemplateResponse(
            request,
            "owners/admin/confirm.html",
            {
                "suggestion": suggestion,
                "heading": _("Discard this suggestion?"),
                "button": _("Discard"),
                "index_url": reverse(self.get_url_name("index")),
            },
        )


class OwnersViewSetGroup(ViewSetGroup):
    menu_label = _("Owners")
    menu_icon = "group"
    menu_order = 250
    items = (ClaimViewSet, SuggestionViewSet, OwnerProfileViewSet)


@hooks.register("register_admin_urls")
def register_letter_urls():
    return [path("owners/claim-letters/", letter_admin.letters_view, name="owners_claim_letters")]


class LettersMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(letter_admin.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_letters_menu_item():
    return LettersMenuItem(
        _("Claim letters"), reverse("owners_claim_letters"), icon_name="mail", order=251, name="claim-letters"
    )


@hooks.register("register_permissions")
def register_letter_permissions():
    return Permission.objects.filter(content_type__app_label="owners", codename="add_claimletter")


@hooks.register("register_admin_viewset")
def register_owner_viewsets():
    return OwnersViewSetGroup()


@hooks.register("directory_business_page_panels")
def claim_panel(request, page):
    """ "This is my business" on the public page of a business that has no owner on the platform yet."""
    context = claim_link(page)
    if not context["show"]:
        return None
    return render_to_string("owners/includes/claim_link.html", context, request=request)


@hooks.register("directory_owner_is_verified")
def owner_email_is_verified(user):
    return email_is_verified(user)


@hooks.register("user_language")
def owner_profile_language(user):
    return profile_language(user)
