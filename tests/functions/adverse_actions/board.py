"""A state board's staff at work on moto: the encumbrance and investigation routes called as their
admins, and the events those changes publish delivered to a listener as its queue would."""

from __future__ import annotations

import json
from typing import Any

from adverse_actions import encumbrance_api
from core.repositories.providers import ProviderRepository
from tests.functions.conftest import api_event
from tests.functions.ingest.conftest import bus_envelope, sqs_event
from tests.records import make_license, make_privilege, make_provider, put

PROVIDER = "/v1/compacts/{compact}/providers/{providerId}"
LICENSE = PROVIDER + "/licenses/jurisdiction/{jurisdiction}/licenseType/{licenseType}/encumbrance"
PRIVILEGE = LICENSE.replace("/licenses/", "/privileges/")
OHIO_ADMIN = ["profile", "aslp/readGeneral", "oh/aslp.admin"]
KENTUCKY_ADMIN = ["profile", "aslp/readGeneral", "ky/aslp.admin"]
COMPACT_ADMIN = ["profile", "aslp/readGeneral", "aslp/admin"]
BODY = {
    "encumbranceEffectiveDate": "2026-01-05",
    "encumbranceType": "suspension",
    "clinicalPrivilegeActionCategories": ["Unsafe Practice or Substandard Care"],
}


def call(
    path, provider, jurisdiction, scopes, body=BODY, method="POST", extra=None, handler=None
) -> tuple[int, Any]:
    params = {
        "compact": "aslp",
        "providerId": provider.provider_id,
        "jurisdiction": jurisdiction,
        "licenseType": "slp",
    }
    event = api_event(method, path, {**params, **(extra or {})}, body=body, scopes=scopes)
    response = (handler or encumbrance_api.lambda_handler)(event, None)
    return response["statusCode"], json.loads(response["body"])


def lift(path, provider, jurisdiction, scopes, action_id, on="2026-02-01") -> tuple[int, Any]:
    body = {"effectiveLiftDate": on}
    return call(
        path + "/{encumbranceId}", provider, jurisdiction, scopes, body, "PATCH", {"encumbranceId": action_id}
    )


def records(aws, provider):
    return ProviderRepository(aws["provider"]).records("aslp", provider.provider_id)


def deliver(handler, context, *events: tuple[str, dict[str, Any]]) -> list[str]:
    """Hand ``(detail-type, detail)`` events to a queue consumer, one message each (event ids are their
    positions); returns the ids of the messages it failed."""
    bodies = [bus_envelope(kind, detail, f"event-{n}") for n, (kind, detail) in enumerate(events)]
    response = handler(sqs_event(*bodies), context)
    return [failure["itemIdentifier"] for failure in response["batchItemFailures"]]


def put_holder(table, **overrides):
    """A provider licensed in Ohio with privileges in Kentucky and Nebraska bought on that license."""
    provider = make_provider(privilege_jurisdictions={"ky", "ne"}, **overrides)
    put(
        table,
        provider,
        make_license(provider),
        make_privilege(provider, "ky", 1),
        make_privilege(provider, "ne", 2),
    )
    return provider
