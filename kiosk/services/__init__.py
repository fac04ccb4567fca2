"""Domain services: everything that decides what happens to a compartment, a result or a dossier.

Plain Python: no Qt, no device I/O. Each state change is one transaction in the store that
writes the new state, one audit record and (where the central system must hear of it) one outbox
event. Door commands are two-phase: a service journals the intent and returns a grant; the caller
drives the door through ``drivers`` and reports back what the sensor saw.
"""
