"""The local sandbox: the whole backend on this machine, on an in-process AWS emulator (moto)."""
