"""The OAuth resource servers and scopes of the staff and state pools (spec §1.2).

One resource server per compact (``{compact}/{action}``) and one per jurisdiction active in any
compact (``{jurisdiction}/{compact}.{action}``). Declared here once for the Pulumi components and
the local sandbox's emulated pools.
"""

from __future__ import annotations

from core.compacts import CompactCatalog

COMPACT_SCOPES = ("admin", "write", "readGeneral", "readSSN", "readPrivate")
JURISDICTION_SCOPES = ("admin", "write", "readPrivate", "readSSN")


def resource_servers(catalog: CompactCatalog) -> dict[str, list[str]]:
    """identifier -> scope names (without the identifier prefix), compacts first."""
    servers: dict[str, list[str]] = {compact: list(COMPACT_SCOPES) for compact in catalog.compacts}
    for jurisdiction in catalog.all_active_jurisdictions():
        servers[jurisdiction] = [
            f"{compact}.{action}"
            for compact, definition in catalog.compacts.items()
            if jurisdiction in definition.active_jurisdictions
            for action in JURISDICTION_SCOPES
        ]
    return servers
