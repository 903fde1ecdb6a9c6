"""Pulumi ComponentResources of the CompactConnect backend, plus the typed stack configuration.

Components read the catalog declarations in ``functions/`` (the Lambda bundle root). The project's
virtualenv has both the repository root and ``functions/`` on its path (``scripts/bootstrap`` writes a
``.pth`` file), and ``Pulumi.yaml`` and ``policies/PulumiPolicy.yaml`` both run in that virtualenv.
"""
