"""License uploads from state boards (spec §2.1, §5.1): the JSON POST of up to 100 rows, presigned CSV
uploads, and the parser of uploaded files.

Both paths validate rows with :mod:`licenses.schema` and hand each valid row, full SSN included, to the
SSN-key-encrypted preprocessing queue (:mod:`licenses.preprocessing`), whose consumer lives in ``ingest``.
Invalid CSV rows are reported on the event bus without SSN, birth date or address
(:func:`licenses.schema.report_safe`).
"""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
