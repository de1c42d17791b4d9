"""Static files as production serves them: stylesheets and scripts minified (comments and
blank space gone), then named by their content and compressed by whitenoise.

On a slow 3G link (400 kbps) every kilobyte costs a phone 20 ms before the first screen:
the comments that explain site.css are a third of it once gzipped. The sources in static/
keep them; only the collected copies are minified, by rcssmin and rjsmin (which remove
comments and white space and change nothing else)."""

import rcssmin
import rjsmin
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

MINIFIERS = {
    ".css": rcssmin.cssmin,
    ".js": rjsmin.jsmin,
}


def minifier_for(name: str):
    """The minifier of a file of the portal's own; Django's admin and files already
    minified are left as they come."""
    if name.startswith("admin/") or ".min." in name:
        return None
    return MINIFIERS.get(name[name.rfind(".") :])


class MinifiedCompressedManifestStorage(CompressedManifestStaticFilesStorage):
    def post_process(self, paths, dry_run=False, **options):
        if not dry_run:
            paths = {name: self._minified(name, *source) for name, source in paths.items()}
        yield from super().post_process(paths, dry_run, **options)

    def _minified(self, name, storage, path):
        """The collected copy of `name` minified, and where to read it from now (the
        hashing that follows reads each file from where it was found)."""
        minify = minifier_for(name)
        if minify is None:
            return storage, path
        with storage.open(path) as source:
            text = source.read().decode("utf-8")
        self.delete(name)
        self._save(name, ContentFile(minify(text).encode("utf-8")))
        return self, name
