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
