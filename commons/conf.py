"""Settings with defaults, read at the point of use (as wagtail-localize does): a plugin declares its knobs once,

    conf = AppSettings({"DIRECTORY_PARENT_PAGE_TYPES": ["wagtailcore.Page"], ...})
    conf.get("DIRECTORY_PARENT_PAGE_TYPES")

and every read asks django.conf.settings first, so `override_settings` in tests and per-site settings work.
"""

import copy

from django.conf import settings


class AppSettings:
    def __init__(self, defaults):
        self.defaults = dict(defaults)

    def get(self, name):
        if name not in self.defaults:
            raise KeyError(f"{name} is not a setting of this app (known: {', '.join(sorted(self.defaults))})")
        if hasattr(settings, name):
            return getattr(settings, name)
        default = self.defaults[name]
        return default() if callable(default) else copy.deepcopy(default)

    def __getattr__(self, name):
        if name.isupper():
            return self.get(name)
        raise AttributeError(name)
