"""Every role the program creates carries the account's permissions boundary (``bootstrap/boundary.py``).

The deploy role may create a role only with that boundary attached, so a role without it would fail in
the account at ``pulumi up``, late. Applying it here, once, as a stack transformation on every
``aws:iam/role:Role`` (rather than at each of the dozen places that declare a role) means a component
added tomorrow gets it too; the policy pack's ``iam-role-permissions-boundary`` checks the outcome.
"""

from __future__ import annotations

from collections.abc import Callable

import pulumi

from bootstrap.boundary import boundary_arn

ROLE = "aws:iam/role:Role"

Transformation = Callable[[pulumi.ResourceTransformationArgs], pulumi.ResourceTransformationResult | None]


def bounded_roles(account_id: str) -> Transformation:
    """The transformation that sets ``permissions_boundary`` on every role registered after it."""
    boundary = boundary_arn(account_id)

    def transform(args: pulumi.ResourceTransformationArgs) -> pulumi.ResourceTransformationResult | None:
        if args.type_ != ROLE:
            return None
        return pulumi.ResourceTransformationResult(
            {**args.props, "permissions_boundary": boundary}, args.opts
        )

    return transform
