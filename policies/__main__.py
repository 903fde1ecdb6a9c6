"""Entry point the Pulumi CLI runs for `--policy-pack policies`: builds the PolicyPack and serves it.

The pack runs in the project's virtualenv (`PulumiPolicy.yaml`), whose path has the repository root, so
the rules import each other as the `policies` package. Do not import this module from tests: the
PolicyPack constructor starts the analyzer's gRPC server and never returns.
"""

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
