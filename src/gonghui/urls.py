from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gonghui.accounts import views as account_views
from gonghui.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/otp/", account_views.otp_verify, name="otp_verify"),
    path("account/otp/setup/", account_views.otp_setup, name="otp_setup"),
    path("account/lockouts/", account_views.lockouts, name="lockouts"),
    path("language/", account_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("logs/", include("gonghui.audit.urls")),
    path("competitions/", include("gonghui.competitions.urls")),
    path("events/", include("gonghui.events.urls")),
    path("assistance/", include("gonghui.assistance.urls")),
    path("pairing/", include("gonghui.pairing.urls")),
    path("recuperation/", include("gonghui.recuperation.urls")),
    path("reports/", include("gonghui.reports.urls")),
    path("ingest/", include("gonghui.ingest.urls")),
    path("", include("gonghui.services.urls")),
]

handler500 = "gonghui.core.views.server_error"
handler400 = "gonghui.core.views.bad_request"
