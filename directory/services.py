"""The services a business may offer: {slug used by the filters and the API: (BusinessPage field, label)}.

Its own module (no imports of the models) so that the models, the filters and the serializers can all use it."""

from django.utils.translation import gettext_lazy as _

SERVICES = {
    "delivery": ("offers_delivery", _("Delivery")),
    "pickup": ("offers_pickup", _("Pick-up")),
    "online_shop": ("has_online_shop", _("Online shop")),
    "vouchers": ("sells_vouchers", _("Vouchers")),
}
