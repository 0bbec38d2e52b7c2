from django.urls import path

from . import views

app_name = "recuperation"

urlpatterns = [
    path("", views.trip_list, name="list"),
    path("new/", views.trip_create, name="create"),
    path("<int:pk>/", views.trip_detail, name="detail"),
    path("<int:pk>/participants/", views.participant_add, name="participant_add"),
]
