"""The State API read routes: what a member state's IT system pulls back about its privilege holders
(spec §2.1). Requests carry an OAuth client-credentials token and an ECDSA request signature."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
