"""Staff accounts: users with roles, sign-in with lockout, and personal API tokens."""
