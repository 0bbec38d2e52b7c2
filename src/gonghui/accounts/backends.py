"""The password backend: Django's ``ModelBackend``, reading the user with their union."""

from django.contrib.auth.backends import ModelBackend


class UnionModelBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` (once per request, from the session) reads the
    user's union in the same query: every page reads it (the scope is the union's path,
    ``core.scope.scope_path``; the menu bar names it), which was a second query per
    request."""

    def get_user(self, user_id):
        from .models import User

        try:
            user = User._default_manager.select_related("union").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
