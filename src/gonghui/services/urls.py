from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/new/item-row/", views.visit_item_form, name="visit_item_form"),
    path("visits/new/targets/", views.visit_targets, name="visit_targets"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("inbox/", views.inbox, name="inbox"),
    path("clock/", views.clock_report, name="clock_report"),
    path("items/", views.item_list_view, name="item_list"),
    path("items/bulk/", views.item_bulk, name="item_bulk"),
    path("items/export.xlsx", views.item_export, name="item_export"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/evidence/<int:attachment>/", views.item_attachment,
         name="item_attachment"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
]
