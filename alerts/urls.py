from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("benachrichtigungen/", views.subscribe, name="subscribe"),
    path("benachrichtigungen/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("benachrichtigungen/verwalten/<str:token>/", views.manage, name="manage"),
    path("benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
