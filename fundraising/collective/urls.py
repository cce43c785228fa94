from django.urls import path

from . import views

app_name = "collective"

urlpatterns = [
    path(
        "sammelaktionen/<int:campaign_pk>/nicht-teilnehmen/<int:business_pk>/",
        views.opt_out,
        name="opt_out",
    ),
    path("sammelaktionen/fuer/<int:business_pk>/", views.propose, name="propose"),
    path("sammelaktionen/vorschlag/<int:pk>/<slug:action>/", views.decide, name="decide"),
]

# Citizens, clubs and associations start a collective campaign (fundraising/collective/start.py).
from . import start  # noqa: E402

urlpatterns += [
    path("sammelaktionen/starten/", start.start, name="start"),
    path("sammelaktionen/meine/", start.mine, name="mine"),
    path("sammelaktionen/meine/<int:pk>/bearbeiten/", start.edit, name="edit"),
]
