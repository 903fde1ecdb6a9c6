"""Demo data for the local sandbox: a few hundred providers whose records are what the real flows write.

The package's modules each do one job: ``profiles`` says which case each provider plays, ``story`` tells
one provider's life through ``state_uploads``, ``practitioner``, ``privileges``, ``military`` and
``adverse_actions``, ``history`` keeps the records and their update log, ``seeding`` writes them all, and
``target`` keeps them out of anything but a local sandbox. ``ops.seed_demo_data`` is the command line.
"""

from ops.demo_data.seeding import DEFAULT_PROVIDERS, DEFAULT_SEED, seed_demo_data
from ops.demo_data.summary import DemoSummary
from ops.demo_data.target import DemoDataError, checked_sandbox_endpoint, sandbox_resources

__all__ = [
    "DEFAULT_PROVIDERS",
    "DEFAULT_SEED",
    "DemoDataError",
    "DemoSummary",
    "checked_sandbox_endpoint",
    "sandbox_resources",
    "seed_demo_data",
]
