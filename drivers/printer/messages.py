"""What the printers say to the resident, in one place for the family (drivers.base.message).

The printers raise these and report them as their status (each driver's WORDS maps the conditions it reports
to them); the kiosk translates them in the "drivers" context (kiosk/i18n). Side by side, the receipt printer
and the A4 printer word the same condition alike. What the kiosk's stand-in for a missing printer and
sync.results say as well (PRINTER_NOT_RESPONDING, the A4 result messages) is in drivers.base.
"""
from __future__ import annotations

from drivers.base import message

# The receipt printer (escpos_printer), its status and its jobs
PAPER_OUT = message("The printer is out of paper. Please ask the staff for help.")
PAPER_NEAR_END = message("The printer is running out of paper.")
COVER_OPEN = message("The printer cover is open. Please ask the staff for help.")
CUTTER_ERROR = message("The printer's paper cutter is stuck. Please ask the staff for help.")
PRINTER_FAULT = message("The printer has a fault. Please ask the staff for help.")
OFFLINE = message("The printer is offline. Please ask the staff for help.")
JOB_FAILED = message("The receipt could not be printed. Your application is saved; a staff member can reprint it.")
RAN_OUT = message("The printer ran out of paper while printing. Your application is saved. "
                  "Please ask the staff for help.")
# The receipt printer on USB (usb_printer): words a technician can act on
USB_ABSENT = message("The receipt printer is not connected (USB). Check its cable and power.")
USB_DENIED = message("The kiosk may not open the USB receipt printer. "
                     "A technician installs the device rules (deploy/udev) and replugs it.")
# The A4 printer (cups_a4)
A4_PAPER_OUT = message("The A4 printer is out of paper. Please ask the staff for help.")
A4_PAPER_LOW = message("The A4 printer is running out of paper.")
A4_TONER_OUT = message("The A4 printer is out of toner. Please ask the staff for help.")
A4_TONER_LOW = message("The A4 printer is running low on toner.")
A4_FAULT = message("The A4 printer has a fault. Please ask the staff for help.")
A4_OFFLINE = message("The A4 printer is offline. Please ask the staff for help.")
