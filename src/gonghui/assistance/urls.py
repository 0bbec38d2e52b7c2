from django.urls import path

from . import views

app_name = "assistance"

urlpatterns = [
    path("", views.file_list, name="file_list"),
    path("export.xlsx", views.file_export, name="file_export"),
    path("new/", views.file_create, name="file_create"),
    path("<int:pk>/", views.file_detail, name="file_detail"),
    path("<int:pk>/edit/", views.file_edit, name="file_edit"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/aid/", views.aid_create, name="aid_create"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/<slug:action>/", views.file_action, name="file_action"),
    path("import/", views.import_page, name="import"),
    path("import/template/<slug:ledger>.xlsx", views.import_template, name="import_template"),
]
