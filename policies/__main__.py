"""Entry point the Pulumi CLI runs for `--policy-pack policies`: builds the PolicyPack and serves it.

The CLI runs this file with only the pack directory on `sys.path`; the rules import each other as the
`policies` package, so the repository root is added first. Do not import this module from tests: the
PolicyPack constructor starts the analyzer's gRPC server and never returns.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulumi_policy import EnforcementLevel, PolicyPack

from policies.pack import build_policies

PolicyPack(
    "compact-connect",
    policies=build_policies(),
    # Every policy carries its own level (mandatory or advisory); this only covers a policy without one.
    enforcement_level=EnforcementLevel.ADVISORY,
    description="CompactConnect guard rails: encryption, PITR, public access, TLS, least privilege, "
    "authorizers, SSN isolation, Cognito MFA, log retention.",
)
