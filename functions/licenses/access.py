"""Who may upload licenses for a jurisdiction: exactly ``{jurisdiction}/{compact}.write`` (spec §1.3).

API Gateway admits any write scope of the compact, ``{compact}/write`` included; uploading a state's
licenses is that state's call, so the handlers narrow it to the state's own write scope.
"""

from __future__ import annotations

from core.api_catalog import WRITE
from core.auth import require_jurisdiction_action
from core.compacts import CompactDefinition
from core.http import RouteTable
from core.lookups import member_jurisdiction


def authorize_upload(routes: RouteTable, compact: str, jurisdiction: str) -> CompactDefinition:
    """The compact's definition, once the caller is known (401), the path names an active member
    jurisdiction of a known compact (400) and the caller may write there (403)."""
    principal = routes.principal()
    definition = member_jurisdiction(compact, jurisdiction)
    require_jurisdiction_action(principal, compact, jurisdiction, WRITE.action)
    return definition
