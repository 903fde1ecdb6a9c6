"""CompactConnect CrossGuard policy pack.

The rules are plain functions over small read-only views of the stack (:mod:`policies.model`), so the
unit tests and the offline preview (:func:`policies.evaluate.evaluate`) run them without the Pulumi CLI.
:mod:`policies.pack` adapts them to ``pulumi_policy`` objects; only ``policies/__main__.py`` builds the
``PolicyPack``, because its constructor starts the analyzer server and never returns.

The CLI runs the pack with this directory itself on ``sys.path``: never name a module here after a
standard-library or third-party module (hence ``aws_types``, not ``types``).
"""
