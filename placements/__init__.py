"""Placement requests and decision records, booking a placement, and the statutory follow-ups it brings."""
