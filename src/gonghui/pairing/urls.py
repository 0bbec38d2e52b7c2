from django.urls import path

from . import manage, views

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
    path("delegations/<int:pk>/headcount/", views.headcount_set, name="headcount_set"),
    path("figures/", views.figures, name="figures"),
    # Administration pages (admins only; decision 0008)
    path("manage/", manage.index, name="manage"),
    path("manage/pairings/new/", manage.pairing_create, name="manage_pairing_create"),
    path("manage/pairings/<int:pk>/", manage.pairing_edit, name="manage_pairing_edit"),
    path("manage/pairings/<int:pk>/agreements/new/", manage.agreement_create,
         name="manage_agreement_create"),
    path("manage/agreements/<int:pk>/", manage.agreement_edit, name="manage_agreement_edit"),
    path("manage/agreements/<int:pk>/commitments/new/", manage.commitment_create,
         name="manage_commitment_create"),
    path("manage/commitments/<int:pk>/", manage.commitment_edit,
         name="manage_commitment_edit"),
    path("manage/pairings/<int:pk>/outlets/new/", manage.outlet_create,
         name="manage_outlet_create"),
    path("manage/outlets/<int:pk>/", manage.outlet_edit, name="manage_outlet_edit"),
    path("manage/products/new/", manage.product_create, name="manage_product_create"),
    path("manage/products/<int:pk>/", manage.product_edit, name="manage_product_edit"),
    path("manage/targets/new/", manage.target_create, name="manage_target_create"),
    path("manage/targets/<int:pk>/", manage.target_edit, name="manage_target_edit"),
]
