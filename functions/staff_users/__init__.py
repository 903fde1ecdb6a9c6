"""Staff-user administration (spec §8.2): compact and state admins invite, list, change and remove
staff users; every staff user reads and renames themselves through ``/v1/staff-users/me``.

Pure rules (who may change what, who may see or delete whom) live in :mod:`staff_users.permissions`,
I/O in :mod:`core.repositories.users` and :mod:`staff_users.cognito`; the handler modules only
wire them together, one module per Lambda function so each loads only what it needs.
"""

from core.init_phase import pause_collector

pause_collector()  # first, before the handler module's imports (see core.init_phase)
