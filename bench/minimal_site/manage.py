#!/usr/bin/env python
"""The minimal Wagtail project the benchmark compares against (see bench/README.md)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minimal_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
