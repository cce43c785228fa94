from django.urls import path

from . import views

app_name = "collective"

urlpatterns = [
    path(
        "sammelaktionen/<int:campaign_pk>/nicht-teilnehmen/<int:business_pk>/",
        views.opt_out,
        name="opt_out",
    ),
]
