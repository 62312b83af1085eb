"""Identity card readers: the resident ID card (SAM serial reader) and the social security card (PC/SC).

The SAM reader lives in `drivers.idcard.sam` (frames in `samframe`, the text block in `idtext`).
Import the concrete modules directly; this package imports nothing on purpose.
"""
