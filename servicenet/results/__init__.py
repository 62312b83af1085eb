"""Results back to the resident: how a result is collected (delivery.py), the notices sent at each step
(notices.py), the signed result documents and their public verification (documents.py, verify.py)."""
