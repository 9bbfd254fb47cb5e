"""Valid example payloads, changed per test with overrides."""

from __future__ import annotations

import copy

from core.identity_numbers import luhn_check_digit


def personal_number(birth: str = "19800312", serial: str = "123") -> str:
    """A Luhn-valid personal number for the given birth date (YYYYMMDD) and serial."""
    return f"{birth}-{serial}{luhn_check_digit(birth[2:] + serial)}"


def organisation_number(first_nine: str = "556677889") -> str:
    return f"{first_nine[:6]}-{first_nine[6:]}{luhn_check_digit(first_nine)}"


def home_payload(**overrides) -> dict:
    payload = {
        "name": "Familjen Lindqvist",
        "kind": "own",
        "address": {
            "street": "Tensta allé 12",
            "postal_code": "163 64",
            "city": "Spånga",
            "municipality": "Stockholm",
            "latitude": 59.3946,
            "longitude": 17.9013,
        },
        "capacity": {
            "places": 2,
            "age_min": 3,
            "age_max": 15,
            "max_sibling_group": 2,
            "gender_preference": "any",
            "placement_kinds": ["long_term", "respite"],
        },
        "household_adults": [
            {"name": "Eva Lindqvist", "personal_number": personal_number(), "languages": ["svenska", "finska"]},
            {"name": "Ali Lindqvist", "personal_number": personal_number("19780105", "456"), "languages": ["arabiska"]},
        ],
        "household_children": [{"birth_year": 2012, "relation": "own"}],
        "domain_competences": [{"domain": "emotional_behavioural", "experience": "substantial"}],
        "tags": ["trauma", "npf"],
        "pets": ["cat"],
        "status": "approved",
        "assessments": [
            {"started_on": "2025-09-01", "completed_on": "2025-12-15", "assessor": "Karin Ek", "outcome": "approved"}
        ],
        "trainings": [{"name": "Ett hem att växa i", "completed_on": "2026-02-10"}],
    }
    result = copy.deepcopy(payload)
    result.update(overrides)
    return result


def child_payload(**overrides) -> dict:
    payload = {
        "first_name": "Elsa",
        "last_name": "Nyström",
        "personal_number": personal_number("20140405", "124"),
        "gender": "girl",
        "languages": "svenska, arabiska",
        "allergies": ["katt"],
        "address": {
            "street": "Hagalundsvägen 3",
            "postal_code": "163 44",
            "city": "Spånga",
            "municipality": "Stockholm",
            "latitude": 59.3850,
            "longitude": 17.9200,
        },
    }
    payload.update(overrides)
    return payload


def member_payload(**overrides) -> dict:
    payload = {
        "name": "Birgitta Nyström",
        "relation": "grandparent",
        "importance": 3,
        "contact_frequency": "weekly",
        "location": {"municipality": "Sollentuna", "latitude": 59.4280, "longitude": 17.9510},
        "willing_kinship_home": True,
    }
    payload.update(overrides)
    return payload


def school_payload(**overrides) -> dict:
    payload = {"name": "Tensta skola", "kind": "primary_f9", "municipality": "Stockholm", "latitude": 59.3940, "longitude": 17.9020}
    payload.update(overrides)
    return payload


def plain(home_label: str) -> str:
    """A home's name as matching lists it ("Familjen Björk (H-7K3QXM, Borås)", foster_homes.labels.home_label)
    without its reference and town."""
    return home_label.split(" (H-")[0]
