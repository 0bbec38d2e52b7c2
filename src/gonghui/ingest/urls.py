from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path("", views.ingest_page, name="index"),
    path("<int:pk>/", views.text_page, name="text"),
    path("drafts/<int:pk>/confirm/", views.draft_confirm, name="confirm"),
    path("drafts/<int:pk>/dismiss/", views.draft_dismiss, name="dismiss"),
    path("summaries/<int:pk>/", views.summary_page, name="summary"),
]
