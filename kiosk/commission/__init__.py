"""Commissioning a cabinet: the steps, what they find and the configuration they write.

No terminal and no Qt here: ``kiosk commission`` (kiosk/commands/commission_wizard.py) asks
the technician on the CLI, the technician's screen (kiosk/ui/tech/commission.py) asks by touch;
both run these same steps and put the same facts into their own words.
"""
