"""Where certificate PDFs are kept: a storage of their own, never served as public media.

PDFs are only handed out by the access-checked download views, so they must not sit under
MEDIA_ROOT (served as-is by the web server) nor in a public bucket. `STORAGES["certificates"]`
is a private directory on disk by default, and a private S3 location with MEDIA_STORAGE=s3.
"""

from django.core.files.storage import storages


def certificate_storage():
    return storages["certificates"]
