"""Declares only the Persistent component, so its tests do not depend on the rest of the program
(``offline.runner.run_program(stack, program=...)`` runs it under mocks)."""

import pulumi

from components import stack_args
from components.config import load_from_pulumi
from components.persistent import Persistent
from components.provider import environment_provider
from tests.components.persistent.support import SSN_PATH_FUNCTIONS
from tests.components.programs import CAPTURED

config = load_from_pulumi()
provider = environment_provider(config)
persistent = Persistent(
    "Persistent",
    stack_args.persistent(config),
    opts=pulumi.ResourceOptions(providers=[provider]),
    ssn_functions=SSN_PATH_FUNCTIONS,
)
CAPTURED[pulumi.get_stack()] = persistent
