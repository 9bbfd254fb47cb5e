"""The indicators of the unit's own follow-up (egenkontroll): waiting times, statutory follow-ups done in time,
placements that broke down, for a month, tertial or year."""
