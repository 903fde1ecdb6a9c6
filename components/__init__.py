"""Pulumi ComponentResources of the CompactConnect backend, plus the typed stack configuration.

Components read the catalog declarations in ``functions/`` (the Lambda bundle root), so that
directory must be importable however the program is started (``pulumi up`` or the offline runner).
"""

import sys
from pathlib import Path

_FUNCTIONS = str(Path(__file__).resolve().parent.parent / "functions")
if _FUNCTIONS not in sys.path:
    sys.path.append(_FUNCTIONS)
