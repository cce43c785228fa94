from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed manifest storage, without rewriting source-map comments.

    Third-party bundles from PyPI (e.g. leaflet.markercluster.js) name source maps they do not ship, which makes
    Django's manifest post-processing fail. Source maps are a debugging aid; their URLs need no hashing.
    """

    patterns = tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in (p[0] if isinstance(p, tuple) else p)))
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )
