"""Shared shape of every CompactConnect component: config, child options, tags, data protection."""

from __future__ import annotations

import pulumi

from components.config import StackConfig

TYPE_PREFIX = "compact-connect"


class CompactConnectComponent(pulumi.ComponentResource):
    """A ComponentResource that knows the stack configuration.

    Children are created with :meth:`child_opts` (``parent=self``, so they inherit the explicit
    AWS provider) and data-bearing children with :meth:`data_opts`, which protects them and keeps
    them on delete in environments that retain data (prod).
    """

    def __init__(
        self,
        kind: str,
        name: str,
        config: StackConfig,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(f"{TYPE_PREFIX}:components:{kind}", name, None, opts)
        self.config = config

    @property
    def tags(self) -> dict[str, str]:
        return dict(self.config.tags)

    def child_opts(self, **kwargs: object) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, **kwargs)  # type: ignore[arg-type]

    def data_opts(self, **kwargs: object) -> pulumi.ResourceOptions:
        retain = self.config.retains_data
        return pulumi.ResourceOptions(
            parent=self,
            protect=retain,
            retain_on_delete=retain,
            **kwargs,  # type: ignore[arg-type]
        )
