"""What the identity card readers say to the resident, in one place for the family (drivers.base.message).

The readers raise these and report them as their status; the kiosk translates them in the "drivers" context
(kiosk/i18n). Side by side, the family's words stay alike where the situations are: the resident ID card and
the social security card each have their "put it in" and "take it out and put it in again". What the kiosk's
stand-in for a missing reader says as well (ID_READER_NOT_CONNECTED) is in drivers.base.
"""
from __future__ import annotations

from drivers.base import message

# Either card (anyreader)
PUT_ANY_CARD = message("Please put your ID card on the reader, or insert your social security card.")
# The resident ID card on the SAM reader (sam, samframe), and the ID number either card holds (idtext, ssapdu)
PUT_ID_CARD = message("Please put your ID card on the reader.")
ID_READ_FAILED = message("The card could not be read. Please take the card out and put it in again.")
DAMAGED_ANSWER = message("The card reader sent a damaged answer. Please take the card out and put it in again.")
ID_READER_FAULT = message("The ID card reader reports a fault.")
INVALID_ID_NUMBER = message("The ID number on this card is not valid. Please ask the staff for help.")
# The social security card through pcscd (sscard, ssapdu)
PUT_SS_CARD = message("Please insert your social security card into the card slot.")
SS_UNREADABLE = message("The social security card could not be read. Please take it out and put it in again.")
SS_CARD_REMOVED = message("The card was taken out too soon. Please insert it again and leave it until it is read.")
NOT_SS_CARD = message("This is not a social security card. Please insert your social security card.")
SS_PROTECTED = message("The details on this card cannot be read here. Please use your ID card instead.")
SS_READER_NOT_CONNECTED = message("The social security card reader is not connected.")
SS_SERVICE_DOWN = message("The social security card reader is not working. Please ask the staff for help.")
