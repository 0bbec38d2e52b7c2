from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/figures/", views.figure_set, name="figure_set"),
    path("<int:pk>/rounds/", views.round_add, name="round_add"),
    path("figures/", views.figures, name="figures"),
]
