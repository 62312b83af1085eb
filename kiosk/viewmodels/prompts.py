"""What the voice says when a screen opens: one short prompt per screen, in the resident's language.

A child view-model with steps (identify, rate) has its own `prompt()`; the others use the table. No prompt ever
holds personal data: the voice is heard by the whole hall.
"""
from __future__ import annotations

from kiosk.i18n import QT_TRANSLATE_NOOP, tr

PROMPTS = {
    "home": QT_TRANSLATE_NOOP("voice", "Welcome. Touch what you want to do: personal services, business "
                                       "services, or check an application."),
    "catalogue": QT_TRANSLATE_NOOP("voice", "Choose the service you need, or type its name to search."),
    "guide": QT_TRANSLATE_NOOP("voice", "This is the service guide: who can apply, what to bring, the fee and "
                                        "the time it takes. Touch “Start my application” when you are ready."),
    "form": QT_TRANSLATE_NOOP("voice", "Please fill in the form. Every item with a star must be filled in."),
    "materials": QT_TRANSLATE_NOOP("voice", "Put each material under the document camera and touch “Take a "
                                            "photo”. If you do not have one, go on."),
    "missing": QT_TRANSLATE_NOOP("voice", "Some materials are still missing. They are all listed on the "
                                          "screen. You may promise to hand them in later, or print the list."),
    "commitment": QT_TRANSLATE_NOOP("voice", "Please read the commitment letter, then sign with your finger "
                                             "in the box."),
    "confirm": QT_TRANSLATE_NOOP("voice", "Please check your application, then touch “Submit”."),
    "receipt": QT_TRANSLATE_NOOP("voice", "Your application is registered. Please take your receipt and keep "
                                          "the code on it."),
    "track": QT_TRANSLATE_NOOP("voice", "Type the code on your receipt, scan its QR code, or put your ID card "
                                        "on the reader."),
    "rate": QT_TRANSLATE_NOOP("voice", "How satisfied are you with this service? Touch one answer."),
    "idle": QT_TRANSLATE_NOOP("voice", "Are you still there? Touch “Continue” to keep going."),
}


def screen_prompt(screen: str) -> str:
    source = PROMPTS.get(screen)
    return tr("voice", source) if source else ""
