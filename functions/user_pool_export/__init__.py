"""The daily export of the staff and practitioner user pools' users (issue #19, backups)."""

from core.init_phase import pause_collector

pause_collector()
