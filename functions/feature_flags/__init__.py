"""Feature flags (issue #18): one declaration of every flag, evaluated by StatSig's server SDK — against
StatSig in AWS, offline from the declarations in the sandbox — behind a public check route."""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
