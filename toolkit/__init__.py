"""What the operator commands (``ops``) and the local sandbox (``sandbox``) share, so neither imports
the other's internals: the sandbox manifest and how a command reports a refusal and finds its target."""
