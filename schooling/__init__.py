"""Schools, enrolments, school continuity and (later) school follow-ups."""
