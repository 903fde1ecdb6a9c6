"""What every component's argument model shares: tags, data retention, field types and guard rails.

A component that receives the whole stack configuration can branch on anything (an environment
name, a flag meant for another component), so its signature says nothing about what shapes it, and
a component built outside the program (a test, a future stack) gets no checks at all. Instead each
component takes a frozen pydantic model of exactly the settings it reads. Fields default to the safe
value, and validators refuse the combinations that would be unsafe, whoever builds the model: the
program derives the models from the stack config (``components/stack_args.py``), but a hand-built
model is held to the same rules. Resources wired between components (keys, tables, functions,
Outputs) stay constructor parameters: args are settings, parameters are resources.

This module imports no Pulumi, so the rules can be tested as plain functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, NoReturn, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from components.config import Environment

ArgsT = TypeVar("ArgsT", bound="ComponentArgs")

DEVELOPER_ENVIRONMENTS = frozenset({Environment.LOCAL, Environment.SANDBOX})
"""Environments that hold no real data and may relax a guard rail for developers."""
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})

EnvironmentName = Annotated[
    Environment,
    Field(description="The environment: names resources and decides which relaxations are allowed."),
]
NamePrefix = Annotated[
    str,
    Field(
        pattern=r"^cc-[a-z][a-z0-9-]*$",
        description="Prefix of physical names (`cc-<env>`), so environments in one account never collide.",
    ),
]
AccountId = Annotated[
    str,
    Field(
        pattern=r"^\d{12}$",
        description="The environment's AWS account: resource policies admit only its principals and sources.",
    ),
]
Region = Annotated[
    str,
    Field(
        pattern=r"^[a-z]{2}(-gov)?-[a-z]+-\d$",
        description="The environment's AWS region (service principals and ARNs in policies name it).",
    ),
]
Origins = Annotated[
    tuple[str, ...],
    Field(
        min_length=1,
        description="Browser origins of the UI (CORS, OAuth callbacks): https, localhost only outside prod.",
    ),
]


class ComponentArgs(BaseModel):
    """The settings every component has: its tags and whether its data outlives the stack."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tags: dict[str, str] = Field(
        description="Stamped on every taggable child (the provider adds the same default tags; having "
        "them in each resource's inputs keeps the policy pack and cost reports independent of it)."
    )
    retain_data: bool = Field(
        default=True,
        description="Data-bearing children are protected, kept on delete and deletion-protected. Only "
        "environments that may be destroyed (no real data) turn it off.",
    )

    def narrow(self, model: type[ArgsT], **settings: object) -> ArgsT:
        """A child component's args from this component's own: every field of ``model`` this model
        also has, plus ``settings``. The child's validators run again, so handing settings down can
        never produce a child that would refuse them."""
        shared = {name: getattr(self, name) for name in model.model_fields if name in type(self).model_fields}
        return model(**(shared | settings))


def refuse(field: str, reason: str) -> NoReturn:
    """Validators name the field first, as the stack config's errors name the key."""
    raise ValueError(f"{field}: {reason}")


def require_retained_in_prod(environment: Environment, retain_data: bool) -> None:
    """Prod holds the only copy of licensure data: a stray `pulumi destroy` must not reach it."""
    if environment is Environment.PROD and not retain_data:
        refuse(
            "retain_data",
            "must be true in prod (it turns on protect, retain_on_delete and deletion protection)",
        )


def require_developer_environment(field: str, environment: Environment, relaxation: str) -> None:
    """Relaxations that make development easier are for environments without real data."""
    if environment not in DEVELOPER_ENVIRONMENTS:
        refuse(field, f"{relaxation} is only allowed in local and sandbox, not {environment}")


def is_local_origin(origin: str) -> bool:
    return urlsplit(origin).hostname in LOCAL_HOSTS


def check_origins(environment: Environment, origins: Iterable[str], field: str = "allowed_origins") -> None:
    """A wildcard lets any site call the API with a user's token; plain http exposes tokens on the
    wire; a localhost origin in prod hands real tokens to whatever listens on a user's machine."""
    for origin in origins:
        if "*" in origin:
            refuse(field, f"{origin}: wildcard origins are never allowed")
        if is_local_origin(origin):
            if environment is Environment.PROD:
                refuse(field, f"{origin}: localhost origins are not allowed in prod")
        elif urlsplit(origin).scheme != "https":
            refuse(field, f"{origin}: only https origins (plain http is for localhost only)")


def check_host(host: str | None, domain_name: str | None, field: str = "host") -> None:
    """A custom host must lie in the environment's hosted zone, or its DNS records and certificate
    validation would be written to a zone that cannot answer for it."""
    if host is None:
        return
    if domain_name is None:
        refuse(field, f"{host}: a custom host needs the environment's domain_name (its hosted zone)")
    if not host.endswith(f".{domain_name}"):
        refuse(field, f"{host}: must be a subdomain of {domain_name}")
