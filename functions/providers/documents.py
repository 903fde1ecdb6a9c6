"""Links to download a provider's military documents, for compact admins (spec §2.2).

Each link is a presigned GET on the provider-users bucket, valid for two hours: long enough to review
the documents in one sitting, short enough that a forwarded link soon stops working. Signing is local
(no call to S3); the function's role must be allowed to read the objects for the links to work.
"""

from __future__ import annotations

from core.aws import s3_client
from core.buckets import PROVIDER_USERS, BucketAccess
from core.models.military import MilitaryAffiliation
from core.resources import granted

LINK_LIFETIME_SECONDS = 2 * 60 * 60


def military_download_links(affiliation: MilitaryAffiliation) -> list[dict[str, str]]:
    """One link per document, named by the file name the provider uploaded."""
    bucket = granted().bucket(PROVIDER_USERS, BucketAccess.READ)
    names = affiliation.file_names or [key.rsplit("/", 1)[-1] for key in affiliation.document_keys]
    return [
        {
            "fileName": name,
            "url": s3_client().generate_presigned_url(
                "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=LINK_LIFETIME_SECONDS
            ),
        }
        for name, key in zip(names, affiliation.document_keys, strict=False)
    ]
