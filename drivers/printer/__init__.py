"""Printers: the ESC/POS receipt printer (escpos_printer, on TCP, serial or USB: usb_printer) with its layout and
journal, the A4 printer through CUPS (cups_a4); what they say to the resident in one catalogue (messages)."""
