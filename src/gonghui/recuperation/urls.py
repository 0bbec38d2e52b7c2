from django.urls import path

from . import manage, views

app_name = "recuperation"

urlpatterns = [
    path("", views.trip_list, name="list"),
    path("new/", views.trip_create, name="create"),
    path("<int:pk>/", views.trip_detail, name="detail"),
    path("<int:pk>/participants/", views.participant_add, name="participant_add"),
    # Administration pages (admins only; decision 0008)
    path("manage/", manage.index, name="manage"),
    path("manage/rules/new/", manage.rules_create, name="manage_rules_create"),
    path("manage/rules/<int:pk>/", manage.rules_edit, name="manage_rules_edit"),
    path("manage/bases/new/", manage.base_create, name="manage_base_create"),
    path("manage/bases/<int:pk>/", manage.base_edit, name="manage_base_edit"),
    path("manage/bases/<int:pk>/routes/new/", manage.route_create,
         name="manage_route_create"),
    path("manage/routes/<int:pk>/", manage.route_edit, name="manage_route_edit"),
]
