from django.urls import path

from . import views

app_name = "pairing"

urlpatterns = [
    path("", views.pairing_list, name="list"),
    path("<int:pk>/", views.pairing_detail, name="detail"),
    path("<int:pk>/works/", views.work_add, name="work_add"),
    path("<int:pk>/agreements/", views.agreement_add, name="agreement_add"),
    path("<int:pk>/delegations/new/", views.delegation_create, name="delegation_create"),
    path("agreements/<int:pk>/commitments/", views.commitment_add, name="commitment_add"),
    path("commitments/<int:pk>/<slug:action>/", views.commitment_action,
         name="commitment_action"),
    path("delegations/<int:pk>/", views.delegation_detail, name="delegation"),
    path("delegations/<int:pk>/volunteers/", views.volunteer_add, name="volunteer_add"),
    path("delegations/<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("delegations/<int:pk>/aid/", views.aid_add, name="aid_add"),
    path("consumption/", views.consumption, name="consumption"),
    path("figures/", views.figures, name="figures"),
]
