"""Schools, enrolments, school continuity and school follow-ups. Built from the children issue on."""
