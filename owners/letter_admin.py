"""Editors print claim letters for listings without an owner: by district, category and import source."""

from django import forms
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Site

from commons.permissions import require_permission
from directory.models import BusinessOwner, BusinessPage, Category, District, ListingSource

from .claim_letters import create_letters, valid_days
from .models import ClaimLetter

MAX_LETTERS = 1000
PERMISSION = "owners.add_claimletter"


class LetterFilterForm(forms.Form):
    districts = forms.ModelMultipleChoiceField(
        District.objects.all(), label=gettext_lazy("Districts"), required=False, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.ModelMultipleChoiceField(
        Category.objects.all(), label=gettext_lazy("Categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    source = forms.ChoiceField(label=gettext_lazy("Import source"), required=False)
    only_new = forms.BooleanField(
        label=gettext_lazy("Only businesses that have not had a letter yet"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sources = ListingSource.objects.order_by("source").values_list("source", flat=True).distinct()
        self.fields["source"].choices = [("", _("any (also businesses not imported)"))] + [(s, s) for s in sources]


def candidates(data):
    """Businesses without an owner matching the filter, in address order (for the post room)."""
    queryset = BusinessPage.objects.exclude(
        Exists(BusinessOwner.objects.filter(business_id=OuterRef("pk")))
    ).select_related("district")
    if data.get("districts"):
        queryset = queryset.filter(district__in=data["districts"])
    if data.get("categories"):
        queryset = queryset.filter(categories__in=data["categories"]).distinct()
    if data.get("source"):
        queryset = queryset.filter(import_source__source=data["source"])
    if data.get("only_new"):
        queryset = queryset.exclude(Exists(ClaimLetter.objects.filter(business_id=OuterRef("pk"))))
    return queryset.order_by("postcode", "street", "title")


def letters_view(request):
    require_permission(request, PERMISSION)
    form = LetterFilterForm(request.POST or request.GET or None)
    count = None
    if form.is_bound and form.is_valid():
        businesses = list(candidates(form.cleaned_data)[: MAX_LETTERS + 1])
        count = len(businesses)
        if request.method == "POST" and 0 < count <= MAX_LETTERS:
            entries = create_letters(businesses, request.user)
            from .claim_letter_pdf import build_pdf  # reason: claim_letter_pdf loads fpdf2 (heavy)

            response = HttpResponse(build_pdf(entries, Site.find_for_request(request)), content_type="application/pdf")
            stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
            response["Content-Disposition"] = f'attachment; filename="claim-letters-{stamp}.pdf"'
            response["Cache-Control"] = "private, no-store"
            return response
    recent = ClaimLetter.objects.select_related("business", "created_by")[:50]
    return TemplateResponse(
        request,
        "owners/admin/claim_letters.html",
        {
            "form": form,
            "count": count,
            "max": MAX_LETTERS,
            "days": valid_days(),
            "recent": recent,
            "header_title": _("Claim letters"),
        },
    )
