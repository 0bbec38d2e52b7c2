"""Pages of the main job (placeholder until the pages land)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def dashboard(request):
    return render(request, "services/dashboard.html", {})
