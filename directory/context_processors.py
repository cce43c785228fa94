"""Add "directory.context_processors.templates" to TEMPLATES' context_processors to choose the base template."""

from directory.conf import conf


def templates(request):
    return {"directory_base_template": conf.get("DIRECTORY_BASE_TEMPLATE")}
