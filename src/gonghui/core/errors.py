"""Domain errors: raised by service functions, shown by pages as a message."""


class DomainError(Exception):
    """A rule of the domain refused an action. ``str(err)`` is a message for the user."""


class PermissionDenied(DomainError):
    """The actor's role or scope does not allow the action."""


class InvalidTransition(DomainError):
    """The record is not in a state from which the action is allowed."""


class Conflict(DomainError):
    """Someone else changed the record since the actor loaded it (stale version)."""
