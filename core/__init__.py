"""Kernel shared by every domain: settings, database, errors, clock and small value helpers."""
