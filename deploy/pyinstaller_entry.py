"""PyInstaller's entry script for the one-folder build (kiosk.spec): the `kiosk` console script's main."""
import sys

from kiosk.boot import main

sys.exit(main())
