"""Every feature flag, declared once (spec payments_security §2.4): its name, what it switches, the
environments where it starts enabled, and the user attributes it targets. Deployments create StatSig's
gates from these; the sandbox evaluates them offline from the same declarations.

A flag enabled in an environment passes everyone there (or, with conditions, everyone whose custom
attributes match one of the listed values); anywhere else it starts disabled, and product owners turn it
on in StatSig's console without a deploy.
"""

from __future__ import annotations

from dataclasses import dataclass

ENVIRONMENTS = frozenset({"local", "sandbox", "test", "beta", "prod"})


@dataclass(frozen=True)
class FlagCondition:
    """A custom attribute of the user (``customAttributes``) that must be one of ``values``."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class FlagSpec:
    name: str
    description: str
    enabled_in: frozenset[str]
    conditions: tuple[FlagCondition, ...] = ()

    def __post_init__(self) -> None:
        unknown = self.enabled_in - ENVIRONMENTS
        if unknown:
            raise ValueError(f"{self.name}: unknown environments {sorted(unknown)}")

    def starts_enabled(self, environment: str) -> bool:
        return environment in self.enabled_in


EXAMPLE_FLAG = FlagSpec(
    name="example-flag",
    description="Shows how a flag reaches the UI; targets the aslp compact only",
    enabled_in=frozenset({"local", "sandbox", "test", "beta", "prod"}),
    conditions=(FlagCondition("compact", ("aslp",)),),
)
SSN_CORRECTION_MIGRATION = FlagSpec(
    name="license-ssn-correction-migration-flag",
    description="Uploads may correct a licensee's SSN (previousSSN), moving their records",
    enabled_in=frozenset({"test", "beta", "prod"}),
)

FLAGS: tuple[FlagSpec, ...] = (EXAMPLE_FLAG, SSN_CORRECTION_MIGRATION)
FLAGS_BY_NAME = {flag.name: flag for flag in FLAGS}
