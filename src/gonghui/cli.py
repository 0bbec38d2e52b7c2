"""The ``gonghui`` console command: Django's management commands with our settings."""

import os
import sys


def command_argv(argv: list[str]) -> list[str]:
    """``argv`` with a hyphenated command name spelt as Django's module name:
    ``gonghui import-regions`` runs the ``import_regions`` command, ``gonghui load-demo``
    the ``load_demo`` one. Options (``--from``) are left as they are."""
    if len(argv) > 1 and not argv[1].startswith("-"):
        return [argv[0], argv[1].replace("-", "_"), *argv[2:]]
    return list(argv)


def main() -> None:
    """Run a management command, e.g. ``gonghui migrate`` or ``gonghui report services``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(command_argv(sys.argv))


if __name__ == "__main__":
    main()
