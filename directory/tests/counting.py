"""A cache wrapper that counts calls (one call is one round trip on Redis): tests bound cache round trips."""


class CountingCache:
    def __init__(self, inner):
        self.inner = inner
        self.calls = []

    def __getattr__(self, name):
        method = getattr(self.inner, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted
