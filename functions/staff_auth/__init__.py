"""Staff sign-in: the pre-token trigger that turns permission records into scopes, and the
custom-message trigger that words the invitation emails."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
