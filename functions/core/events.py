"""The data event bus that every state change is published on."""

from __future__ import annotations


def event_bus_name(environment_name: str) -> str:
    """`<env>-dataEventBus`: a contract with every consumer, so it is never renamed."""
    return f"{environment_name}-dataEventBus"
