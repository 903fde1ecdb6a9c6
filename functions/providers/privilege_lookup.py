"""Finding one provider's privilege from path parameters, for the history routes (staff and public).

Path parameters are checked in the order a caller can fix them: an unknown compact, jurisdiction or
license type abbreviation is a malformed request (400 naming the parameter); a well-formed path that
names nothing is 404. The provider's partition is read with one query, skipping the history tiers the
caller does not show.
"""

from __future__ import annotations

from core.errors import InvalidRequest, NotFound
from core.jurisdictions import JURISDICTION_NAMES
from core.lookups import known_compact, license_type_abbreviated
from core.repositories.providers import PRIVILEGE_HISTORY
from providers.history import PrivilegeHistory, privilege_history
from providers.records import provider_records

PRIVILEGE_NOT_FOUND = "Privilege not found"


def history_of_privilege(
    compact: str, provider_id: str, jurisdiction: str, license_type: str, *, include_npdb_categories: bool
) -> PrivilegeHistory:
    """The simplified history of the privilege in ``jurisdiction`` for the license type abbreviated
    ``license_type``."""
    known_compact(compact)
    if jurisdiction not in JURISDICTION_NAMES:
        raise InvalidRequest(f"Invalid jurisdiction: {jurisdiction!r} is not a lowercase postal code")
    license_type_abbreviated(compact, license_type)
    records = provider_records(compact, provider_id, history=PRIVILEGE_HISTORY)
    privilege = records.privilege_for(jurisdiction, license_type)
    if records.provider is None or privilege is None:
        raise NotFound(PRIVILEGE_NOT_FOUND)
    return privilege_history(
        privilege, records.privilege_updates, include_npdb_categories=include_npdb_categories
    )
