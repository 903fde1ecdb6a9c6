"""Finding the license a practitioner describes (spec §9.1 step 5, §9.2): the license index holds every
license of a jurisdiction under its lower-cased family and given names, and the rest of what the forms ask
(last four of the SSN, date of birth, license type) must match exactly."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from aws_lambda_powertools import Logger

from core import keys
from core.models.license import License
from core.models.provider_records import UnreadableRecord, read_record
from core.unreadable_records import report

LICENSE_INDEX = "licenseGSI"

logger = Logger(child=True)


class LicenseDescription(Protocol):
    """What the registration and recovery forms ask about the license."""

    compact: str
    jurisdiction: str
    license_type: str
    given_name: str
    family_name: str
    partial_social: str
    dob: date


def matching_licenses(table: Any, described: LicenseDescription) -> list[License]:
    """Every license that matches (a page of one name in one state is small: no filter expression)."""
    from boto3.dynamodb.conditions import Key

    request: dict[str, Any] = {
        "IndexName": LICENSE_INDEX,
        "KeyConditionExpression": Key("licenseGSIPK").eq(
            keys.license_gsi_pk(described.compact, described.jurisdiction)
        )
        & Key("licenseGSISK").eq(keys.license_gsi_sk(described.family_name, described.given_name)),
    }
    wanted = {
        "type": "license",
        "ssnLastFour": described.partial_social,
        "dateOfBirth": described.dob.isoformat(),
        "licenseType": described.license_type,
    }
    found: list[License] = []
    while True:
        page = table.query(**request)
        for item in page.get("Items", []):
            if all(item.get(name) == value for name, value in wanted.items()):
                record = read_record(License, item)
                if isinstance(record, UnreadableRecord):
                    report([record])
                else:
                    found.append(record)
        if "LastEvaluatedKey" not in page:
            return found
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def the_license(table: Any, described: LicenseDescription) -> License | None:
    """The one license described, or None. Two licensees nobody can tell apart from what the forms ask are
    None too: acting for either could hand one person's record to the other, so staff must look (the
    caller hears what a miss would tell them)."""
    found = matching_licenses(table, described)
    if len(found) > 1:
        logger.error(
            "the form matches more than one license",
            compact=described.compact,
            jurisdiction=described.jurisdiction,
            provider_ids=sorted(license.provider_id for license in found),
        )
        return None
    if not found:
        logger.info(
            "the form matches no license", compact=described.compact, jurisdiction=described.jurisdiction
        )
        return None
    return found[0]
