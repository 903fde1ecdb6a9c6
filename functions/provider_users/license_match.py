"""Finding the license a practitioner describes (spec §9.1 step 5): the license index holds every license of
a jurisdiction under its lower-cased family and given names, and the rest of what the form asks (last
four of the SSN, date of birth, license type) must match exactly."""

from __future__ import annotations

from typing import Any

from core import keys
from core.models.license import License
from core.models.provider_records import UnreadableRecord, read_record
from core.unreadable_records import report

LICENSE_INDEX = "licenseGSI"


def matching_licenses(
    table: Any,
    *,
    compact: str,
    jurisdiction: str,
    family_name: str,
    given_name: str,
    partial_social: str,
    date_of_birth: str,
    license_type: str,
) -> list[License]:
    """Every license that matches (a page of one name in one state is small: no filter expression)."""
    from boto3.dynamodb.conditions import Key

    request: dict[str, Any] = {
        "IndexName": LICENSE_INDEX,
        "KeyConditionExpression": Key("licenseGSIPK").eq(keys.license_gsi_pk(compact, jurisdiction))
        & Key("licenseGSISK").eq(keys.license_gsi_sk(family_name, given_name)),
    }
    found: list[License] = []
    while True:
        page = table.query(**request)
        for item in page.get("Items", []):
            if (
                item.get("type") == "license"
                and item.get("ssnLastFour") == partial_social
                and item.get("dateOfBirth") == date_of_birth
                and item.get("licenseType") == license_type
            ):
                record = read_record(License, item)
                if isinstance(record, UnreadableRecord):
                    report([record])
                else:
                    found.append(record)
        if "LastEvaluatedKey" not in page:
            return found
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
