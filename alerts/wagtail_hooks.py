from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Subscriber


@hooks.register("main_menu_items")
def alerts_menu_item(request):
    return [(_("Newsletter"), reverse("alerts:subscribe"))]


class SubscriberViewSet(SnippetViewSet):
    """Editors see how many follow what; no editing of other people's subscriptions."""

    model = Subscriber
    icon = "mail"
    menu_label = gettext_lazy("Alert subscribers")
    add_to_admin_menu = False
    list_display = ["email", "confirmed_at", "last_sent_at", "language"]
    list_filter = ["language"]
    search_fields = ["email"]
    inspect_view_enabled = True


register_snippet(SubscriberViewSet)
