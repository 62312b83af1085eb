"""Identity card readers: the resident ID card (SAM serial reader) and the social security card (PC/SC).

SAM reader: `sam` (ResidentIdReader), frames in `samframe`, the text block in `idtext`.
社会保障卡: `sscard` (SocialSecurityCardReader) over pcscd, APDUs and records in `ssapdu`, the raw PC/SC
calls in `pcsc`, card insert/remove events with the start-up poll and the pcscd watchdog in `pcscmon`.
`anyreader.AnyCardReader` reads whichever of them the resident uses; what they all say is in `messages`.
Import the concrete modules directly; this package imports nothing on purpose (pyscard is optional).
"""
