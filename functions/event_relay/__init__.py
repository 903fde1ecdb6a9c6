"""The outbox relay: publishes the events whose writers could not (``core.outbox``)."""

from core.init_phase import pause_collector

pause_collector()
