"""`python -m kiosk`: the same start-up as the `kiosk` command (kiosk/boot.py)."""
from kiosk.boot import main

raise SystemExit(main())
