"""Declares only the StateIdentity component, so its tests do not depend on the rest of the program
(``offline.runner.run_program(stack, program=...)`` runs it under mocks)."""

import pulumi

from components import stack_args
from components.config import load_from_pulumi
from components.provider import environment_provider
from components.state_identity import StateIdentity
from tests.components.programs import CAPTURED

config = load_from_pulumi()
provider = environment_provider(config)
identity = StateIdentity(
    "StateIdentity", stack_args.state_identity(config), opts=pulumi.ResourceOptions(providers=[provider])
)
# Keyed apart from the other programs' captures, which use the bare stack name.
CAPTURED[f"state-identity:{pulumi.get_stack()}"] = identity
