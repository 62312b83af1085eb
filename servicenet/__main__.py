"""`python -m servicenet`: the same as the `servicenet` console script."""
from servicenet.cli import main

raise SystemExit(main())
