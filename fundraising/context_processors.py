"""Add "fundraising.context_processors.templates" to TEMPLATES' context_processors to choose the base templates."""

from fundraising.conf import conf


def templates(request):
    return {
        "fundraising_base_template": conf.get("FUNDRAISING_BASE_TEMPLATE"),
        "fundraising_owner_base_template": conf.get("FUNDRAISING_OWNER_BASE_TEMPLATE"),
    }
