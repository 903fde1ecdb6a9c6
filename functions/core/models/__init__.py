"""Pydantic models of every stored record, one module per record family.

Import from the submodules (``from core.models.license import License``): a handler then loads only the
models it uses, which keeps cold starts short.
"""
