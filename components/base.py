"""Shared shape of every CompactConnect component: typed args, child options, tags, data protection."""

from __future__ import annotations

from typing import Any, Generic

import pulumi

from components.args import ArgsT

TYPE_PREFIX = "compact-connect"


class CompactConnectComponent(pulumi.ComponentResource, Generic[ArgsT]):
    """A ComponentResource built from its own argument model (``self.args``), never from the whole
    stack configuration, so its signature says what shapes it.

    Children are created with :meth:`child_opts` (``parent=self``, so they inherit the explicit
    AWS provider) and data-bearing children with :meth:`data_opts`, which protects them and keeps
    them on delete when the args say the data is retained (prod).
    """

    def __init__(
        self,
        kind: str,
        name: str,
        args: ArgsT,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(f"{TYPE_PREFIX}:components:{kind}", name, None, opts)
        self.args: ArgsT = args

    @property
    def tags(self) -> dict[str, str]:
        return dict(self.args.tags)

    def child_opts(self, **kwargs: Any) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, **kwargs)

    def data_opts(self, **kwargs: Any) -> pulumi.ResourceOptions:
        retain = self.args.retain_data
        return pulumi.ResourceOptions(
            parent=self,
            protect=retain,
            retain_on_delete=retain,
            **kwargs,
        )
