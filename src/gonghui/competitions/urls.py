from django.urls import path

from . import views

app_name = "competitions"

urlpatterns = [
    path("", views.competition_list, name="list"),
    path("new/", views.competition_create, name="create"),
    path("<int:pk>/", views.competition_detail, name="detail"),
    path("<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("<int:pk>/awards/", views.award_grant, name="award_grant"),
    path("key-projects/", views.key_project_list, name="key_projects"),
    path("key-projects/new/", views.key_project_create, name="key_project_create"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("craftsman/", views.craftsman_list, name="craftsman"),
    path("craftsman/new/", views.craftsman_create, name="craftsman_create"),
    path("figures/", views.figures, name="figures"),
]
