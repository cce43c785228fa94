"""The directory's pages take their context (listing, filters, map, hours) from builders in directory.views_support.

The page models ask here instead of importing that code (models never import view code): views_support registers
one builder per page model when it is imported, which DirectoryConfig.ready() does."""

_builders = {}


def builds(model):
    """Decorator: `fn(page, request) -> dict` builds the context of pages of `model` (and of its subclasses)."""

    def register(fn):
        _builders[model] = fn
        return fn

    return register


def build(page, request):
    for cls in type(page).__mro__:
        if cls in _builders:
            return _builders[cls](page, request)
    raise LookupError(f"no context builder registered for {type(page).__name__} (is directory in INSTALLED_APPS?)")
