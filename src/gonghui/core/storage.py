"""Static files storage for production: WhiteNoise's compressed, hashed storage that
does not rewrite ``sourceMappingURL`` comments (the vendored minified files reference
source maps that are not shipped, which would otherwise fail ``collectstatic``)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    out = []
    for glob, rules in patterns:
        kept = tuple(
            r for r in rules if "sourceMappingURL" not in (r if isinstance(r, str) else r[0])
        )
        if kept:
            out.append((glob, kept))
    return tuple(out)


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed names (cache forever), gzip/brotli copies, no source-map rewriting."""

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
