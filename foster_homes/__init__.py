"""The register: foster homes, households, capacity, competences, assessments, agencies, institutions."""
