"""The one continuity score: the vectorised ``scores`` (matching, every home) gives what ``assess`` gives (one home)."""

import datetime as dt

import numpy as np
import pytest

from schooling import continuity
from schooling.continuity import SchoolPlace, assess, band_for, scores
from schooling.schemas import AgeBandLimit, ContinuitySettings

SETTINGS = ContinuitySettings()
SCHOOL = (59.3940, 17.9020)  # Tensta
MID_TERM = dt.date(2026, 11, 23)
END_OF_YEAR = dt.date(2026, 5, 20)  # within the transition window for years 6 and 9

# (age, grade): one child in every default band, grades 6 and 9 being the natural transitions.
CHILDREN = [(5, -1), (8, 2), (12, 6), (15, 9), (17, 11)]


def distances_around_thresholds(band: AgeBandLimit) -> np.ndarray:
    """Zero, each limit exactly and one float step either side, near misses, points between and far away."""
    kms = [0.0, 0.4, band.with_transport_km * 3]
    for limit in (band.own_travel_km, band.with_transport_km):
        kms += [limit, np.nextafter(limit, 0), np.nextafter(limit, np.inf), limit - 1e-6, limit + 1e-6,
                limit - 0.05, limit + 0.05, limit - 0.5, limit + 0.5]
    kms += list(np.linspace(band.own_travel_km, band.with_transport_km, 41))
    return np.array(kms)


def assessed(monkeypatch, km: float, age: int, grade: int, move_on: dt.date, settings=SETTINGS):
    """``assess`` for a home exactly ``km`` from the school (the distance is the only use of the coordinates)."""
    monkeypatch.setattr(continuity, "distance_km", lambda *_: float(km))
    return assess(SchoolPlace("Tensta skola", *SCHOOL, grade), age, 0.0, 0.0, move_on, settings)


@pytest.mark.parametrize("move_on", [MID_TERM, END_OF_YEAR], ids=["mid-term", "end-of-year"])
@pytest.mark.parametrize(("age", "grade"), CHILDREN)
def test_vectorised_score_equals_assess_around_every_threshold(monkeypatch, age, grade, move_on):
    band = band_for(SETTINGS, age)
    transition = continuity.is_natural_transition(grade, move_on, SETTINGS.transition_window_months)
    kms = distances_around_thresholds(band)
    vectorised = scores(kms, band, transition, SETTINGS)
    for km, score in zip(kms, vectorised, strict=True):
        result = assessed(monkeypatch, km, age, grade, move_on)
        assert result.natural_transition == transition
        assert round(float(score), 3) == result.score, (age, float(km))


def test_natural_transitions_are_covered():
    on = [continuity.is_natural_transition(grade, move_on, SETTINGS.transition_window_months)
          for _, grade in CHILDREN for move_on in (MID_TERM, END_OF_YEAR)]
    assert any(on) and not all(on)


@pytest.mark.parametrize("transition", [False, True])
def test_score_values_at_the_thresholds(transition):
    band = band_for(SETTINGS, 11)  # 10–12 år: 8 km on its own, 40 km with transport
    kms = np.array([0.0, 8.0, np.nextafter(8.0, np.inf), 24.0, 40.0, np.nextafter(40.0, np.inf), 500.0])
    changing = 0.35 if transition else 0.0  # 0.5 × (1 − 0.3) at a natural transition, else nothing
    assert scores(kms, band, transition, SETTINGS) == pytest.approx([1.0, 1.0, 0.8, 0.65, 0.5, changing, changing])


def test_assess_and_scores_agree_on_real_coordinates():
    for km in np.linspace(0, 90, 181):
        home = SCHOOL[0] + km / 111.32, SCHOOL[1]
        result = assess(SchoolPlace("Tensta skola", *SCHOOL, 8), 14, *home, MID_TERM, SETTINGS)
        exact = continuity.distance_km(*SCHOOL, *home)
        assert round(float(scores(np.array([exact]), band_for(SETTINGS, 14), False, SETTINGS)[0]), 3) == result.score


def test_a_band_with_equal_limits_has_no_transport_step(monkeypatch):
    settings = ContinuitySettings(age_bands=[AgeBandLimit(from_age=0, own_travel_km=10, with_transport_km=10)])
    band = band_for(settings, 9)
    kms = np.array([5.0, 10.0, np.nextafter(10.0, np.inf), 30.0])
    with np.errstate(all="raise"):  # the unused 0/0 share must not warn
        vectorised = scores(kms, band, False, settings)
    assert list(vectorised) == [1.0, 1.0, 0.0, 0.0]
    assert [assessed(monkeypatch, km, 9, 3, MID_TERM, settings).score for km in kms] == list(vectorised)


@pytest.mark.parametrize(
    ("age", "from_age"),
    [(0, 0), (6, 0), (7, 7), (9, 7), (10, 10), (12, 10), (13, 13), (15, 13), (16, 16), (19, 16)],
)
def test_band_for_picks_the_band_starting_closest_at_or_below_the_age(age, from_age):
    assert band_for(SETTINGS, age).from_age == from_age


def test_band_for_with_an_administrators_own_bands():
    settings = ContinuitySettings(age_bands=[AgeBandLimit(from_age=0, own_travel_km=2, with_transport_km=9),
                                             AgeBandLimit(from_age=11, own_travel_km=6, with_transport_km=25)])
    assert band_for(settings, 10).own_travel_km == 2
    assert band_for(settings, 11).own_travel_km == 6
    assert band_for(settings, 18).with_transport_km == 25
