"""Small Pulumi programs that declare one component each, for component tests under mocks.

Each program records the component object it built in ``CAPTURED`` (keyed by stack), so tests can
check the component's Python attribute API as well as the resources the engine saw.
"""

CAPTURED: dict[str, object] = {}
