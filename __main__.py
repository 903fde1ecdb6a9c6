"""CompactConnect backend: reads the typed stack config, composes the components, exports outputs."""

import pulumi

from components.config import load_from_pulumi
from components.provider import environment_provider

config = load_from_pulumi()
provider = environment_provider(config)
pulumi.export("environment", str(config.environment_name))
