"""The ``opensearch-py`` client every search function uses, in AWS and in the sandbox alike: requests
signed with the function's role (SigV4 for the ``es`` service; the domain's access policy decides what
the role may reach), built once per execution environment and reused by every invocation."""

from __future__ import annotations

import os
from functools import cache

from opensearchpy import OpenSearch, Urllib3AWSV4SignerAuth, Urllib3HttpConnection

from core.catalog import SearchAccess
from core.resources import granted

TIMEOUT_SECONDS = 20
"""Below the search API's 28-second budget, so a slow domain answers a 5xx the caller can retry."""


def search_client(access: SearchAccess) -> OpenSearch:
    """The client, for a function granted ``access`` on the domain."""
    return _client(granted().search_endpoint(access))


@cache
def _client(endpoint: str) -> OpenSearch:
    import boto3

    url = endpoint if "://" in endpoint else f"https://{endpoint}"
    session = boto3.Session()
    region = session.region_name or os.environ.get("AWS_REGION", "us-east-1")
    return OpenSearch(
        hosts=[url],
        http_auth=Urllib3AWSV4SignerAuth(session.get_credentials(), region, "es"),
        use_ssl=url.startswith("https://"),
        verify_certs=url.startswith("https://"),
        connection_class=Urllib3HttpConnection,
        timeout=TIMEOUT_SECONDS,
        pool_maxsize=10,
    )
