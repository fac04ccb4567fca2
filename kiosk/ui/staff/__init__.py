"""The staff screens: sign-in, loading results, collecting drop-offs, recalls, occupancy map.

They live in one citizen screen (``Screen.STAFF``, the ``StaffConsole``) with their own small
state machine, and keep their own translation catalogue (``assets/translations/staff_en.ts``).
"""
