"""Hardware drivers: plain Python, headless-testable, no Qt."""
