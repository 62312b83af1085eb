"""`python -m kiosk`."""
from kiosk.app import main

raise SystemExit(main())
