"""Public provider lookup (spec §2.2): providers holding privileges, in the public schema, no authorizer."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
