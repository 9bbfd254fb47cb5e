"""Hand-built cases where the right answer is known, and the optimum of the whole queue."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

import numpy as np
from hypothesis import given, settings as hypothesis_settings, strategies as st

from matching.assignment import QueueItem, assign_greedy, assign_optimal
from matching.engine import ChildProfile, HomeRow, HomeTable, RequestProfile, propose_split, rank, religious_wish
from matching.schemas import MatchingSettings
from children.network import ChildNetwork, Person
from children.schemas import ContactFrequency, Relation
from schooling.continuity import SchoolPlace
from schooling.schemas import ContinuitySettings
from tests.factories import personal_number

SETTINGS = MatchingSettings()
CONTINUITY = ContinuitySettings()
START = dt.date(2026, 12, 1)
SPANGA = (59.3946, 17.9013)
SOLLENTUNA = (59.4280, 17.9510)
HUDDINGE = (59.2360, 17.9820)
UPPSALA = (59.8586, 17.6389)
GRANDMOTHER_NUMBER = personal_number("19580302", "246")
FATHER_NUMBER = personal_number("19820101", "111")


def home(name: str, at=SPANGA, municipality="Stockholm", **extra) -> HomeRow:
    values = dict(id=uuid.uuid4(), name=name, kind="own", approved=True, free=2, placement_kinds=("long_term", "emergency"),
                  age_min=0, age_max=17, latitude=at[0], longitude=at[1], municipality=municipality, monthly_cost=16500,
                  max_sibling_group=3)
    values.update(extra)
    return HomeRow(**values)


def child(name="Elsa", age=10, needs=None, network=None, school=None, **extra) -> ChildProfile:
    return ChildProfile(uuid.uuid4(), name, age, extra.pop("gender", "girl"), needs or {}, frozenset({"svenska"}),
                        extra.pop("religion", None), frozenset(extra.pop("allergies", ())),
                        network or ChildNetwork(name, []), school, **extra)


def request(*children, **extra) -> RequestProfile:
    return RequestProfile(uuid.uuid4(), tuple(children), extra.pop("kind", "long_term"), START, **extra)


def ranked_names(req, rows):
    return [c.home_name for c in rank(req, HomeTable.from_rows(rows), SETTINGS, CONTINUITY).candidates]


def network_with_grandmother_and_protected_father() -> ChildNetwork:
    grandmother = Person(uuid.uuid4(), "Birgitta", Relation.GRANDPARENT, 3, ContactFrequency.WEEKLY,
                         personal_number=GRANDMOTHER_NUMBER, latitude=SOLLENTUNA[0], longitude=SOLLENTUNA[1])
    father = Person(uuid.uuid4(), "Jonas", Relation.FATHER, 1, personal_number=FATHER_NUMBER, latitude=HUDDINGE[0],
                    longitude=HUDDINGE[1], municipality="Huddinge", protected_from=True, protected_reason="Våld")
    return ChildNetwork("Elsa", [grandmother, father])


def test_the_kinship_home_ranks_first():
    net = network_with_grandmother_and_protected_father()
    rows = [
        home("Familjen Nära", at=SPANGA),
        home("Mormors hem", at=UPPSALA, municipality="Uppsala", kind="kinship", adult_numbers=(GRANDMOTHER_NUMBER,)),
        home("Familjen Erfaren", at=SOLLENTUNA, municipality="Sollentuna", experience={"health": 3}),
    ]
    ranking = rank(request(child(network=net)), HomeTable.from_rows(rows), SETTINGS, CONTINUITY)
    assert ranking.candidates[0].home_name == "Mormors hem"
    assert ranking.candidates[0].kinship
    network = next(c for c in ranking.candidates[0].criteria if c.name == "network")
    assert network.score == 1.0 and network.reason == "Nätverkshem: Birgitta (mor- eller farförälder) bor i hemmet."


def test_a_home_near_a_protected_from_person_is_excluded_even_when_it_would_score_best():
    net = network_with_grandmother_and_protected_father()
    rows = [
        home("Bästa hemmet men nära pappan", at=(59.2400, 17.9900), municipality="Huddinge",
             experience={d: 3 for d in ("health", "education")}, monthly_cost=12000),
        home("Pappans hushåll", at=UPPSALA, municipality="Uppsala", adult_numbers=(FATHER_NUMBER,)),
        home("I pappans kommun", at=(59.1500, 17.6000), municipality="Huddinge"),
        home("Vanligt hem", at=UPPSALA, municipality="Uppsala"),
    ]
    ranking = rank(request(child(network=net)), HomeTable.from_rows(rows), SETTINGS, CONTINUITY)
    assert [c.home_name for c in ranking.candidates] == ["Vanligt hem"]
    protection = next(e for e in ranking.excluded if e.reason.startswith("Skydd"))
    assert protection.count == 3
    details = {name: detail for _, name, detail in protection.homes}
    assert details["Pappans hushåll"] == "En person som barnet ska skyddas från bor i hemmet."
    assert "från en person som barnet ska skyddas från" in details["Bästa hemmet men nära pappan"]


def test_a_sibling_group_of_three_never_lands_in_a_home_with_two_places():
    siblings = [child("Ali", 7, gender="boy"), child("Sara", 9), child("Omar", 12, gender="boy")]
    rows = [home("Två platser", free=2), home("Tre platser", free=3, at=UPPSALA, municipality="Uppsala")]
    ranking = rank(request(*siblings), HomeTable.from_rows(rows), SETTINGS, CONTINUITY)
    assert [c.home_name for c in ranking.candidates] == ["Tre platser"]
    assert ranking.excluded[0].homes[0][2] == "2 lediga platser, 3 behövs."


def test_when_no_home_takes_the_whole_group_a_split_near_each_other_is_proposed():
    siblings = [child("Ali", 7, gender="boy"), child("Sara", 9)]
    rows = [home("Spånga 1", free=1), home("Spånga 2", free=1, at=(59.40, 17.91)),
            home("Uppsala", free=1, at=UPPSALA, municipality="Uppsala")]
    table = HomeTable.from_rows(rows)
    assert rank(request(*siblings), table, SETTINGS, CONTINUITY).candidates == []
    split = propose_split(request(*siblings), table, SETTINGS, CONTINUITY)
    assert {candidate.home_name for _, candidate in split.homes} == {"Spånga 1", "Spånga 2"}
    assert split.explanation.startswith("Inget hem kan ta emot båda syskonen tillsammans.")


def test_a_child_who_keeps_its_school_outranks_an_otherwise_equal_home():
    school = SchoolPlace("Tensta skola", 59.3940, 17.9020, 4)
    rows = [home("Byter skola", at=UPPSALA, municipality="Uppsala"), home("Behåller skolan", at=(59.40, 17.91))]
    ranking = rank(request(child(school=school)), HomeTable.from_rows(rows), SETTINGS, CONTINUITY)
    assert [c.home_name for c in ranking.candidates] == ["Behåller skolan", "Byter skola"]
    reasons = {c.home_name: next(k.reason for k in c.criteria if k.name == "school") for c in ranking.candidates}
    assert reasons["Behåller skolan"].startswith("Elsa kan gå kvar i Tensta skola (årskurs 4)")
    assert reasons["Byter skola"].startswith("Elsa måste byta från Tensta skola")


def test_hard_rules_each_have_a_swedish_reason():
    rows = [
        home("Vilande", approved=False),
        home("Senare", available_from=dt.date(2027, 3, 1)),
        home("Fullt", free=0),
        home("Bara jour", placement_kinds=("emergency",)),
        home("Små barn", age_min=0, age_max=6),
        home("Önskar pojke", gender="boy"),
        home("Katt", pets=("cat",), tags=frozenset({"trauma"})),
        home("Okej", tags=frozenset({"trauma"})),
        home("Utan trauma"),
    ]
    req = request(child(allergies=("katt",)), required_tags=frozenset({"trauma"}))
    ranking = rank(req, HomeTable.from_rows(rows), SETTINGS, CONTINUITY)
    assert [c.home_name for c in ranking.candidates] == ["Okej"]
    reasons = {e.reason: e.homes[0][1] for e in ranking.excluded}
    assert reasons == {
        "Inte godkänt (ansökan, under utredning, vilande eller avslutat)": "Vilande",
        "Inte tillgängligt vid startdatum": "Senare",
        "För få lediga platser": "Fullt",
        "Tar inte emot långsiktiga placeringar": "Bara jour",
        "Utanför hemmets åldersspann": "Små barn",
        "Hemmets önskemål om kön": "Önskar pojke",
        "Saknar krävd kompetens": "Utan trauma",
        "Husdjur som barnet är allergiskt mot": "Katt",
    }
    assert ranking.feasible == 1 and ranking.considered == 9


def test_large_needs_without_experience_give_a_warning_and_a_lower_score():
    needy = child(needs={"emotional_behavioural": 3})
    rows = [home("Utan erfarenhet"), home("Med erfarenhet", experience={"emotional_behavioural": 3})]
    ranking = rank(request(needy), HomeTable.from_rows(rows), SETTINGS, CONTINUITY)
    assert [c.home_name for c in ranking.candidates] == ["Med erfarenhet", "Utan erfarenhet"]
    assert ranking.candidates[1].warnings == [
        "Mycket stort behov inom känslo- och beteendemässig utveckling (Elsa), hemmet saknar erfarenhet."
    ]


def test_own_homes_before_bought_ones_through_cost():
    rows = [home("Konsulentstött", kind="consultant", monthly_cost=45600), home("Egen regi")]
    ranking = rank(request(child()), HomeTable.from_rows(rows), SETTINGS, CONTINUITY)
    assert [c.home_name for c in ranking.candidates] == ["Egen regi", "Konsulentstött"]
    cost = next(c for c in ranking.candidates[1].criteria if c.name == "cost")
    assert cost.reason == "Cirka 45 600 kr per barn och månad, köpt plats (konsulentstött)."


def test_totals_are_the_weighted_criteria():
    ranking = rank(request(child()), HomeTable.from_rows([home("Ett hem")]), SETTINGS, CONTINUITY)
    candidate = ranking.candidates[0]
    assert abs(candidate.total - sum(c.contribution for c in candidate.criteria)) < 1e-3
    assert abs(sum(c.weight for c in candidate.criteria) - 1) < 1e-9


# ---------------------------------------------------------------- the whole queue

def brute_force(items: list[QueueItem], capacities: list[int]) -> float:
    best = 0.0
    for combo in itertools.product(*[[None, *item.scores] for item in items]):
        used = [0] * len(capacities)
        total = 0.0
        for item, home_index in zip(items, combo):
            if home_index is not None:
                used[home_index] += item.size
                total += item.scores[home_index]
        if all(u <= c for u, c in zip(used, capacities)):
            best = max(best, total)
    return best


queues = st.integers(1, 4).flatmap(lambda homes: st.tuples(
    st.lists(st.integers(0, 3), min_size=homes, max_size=homes),
    st.lists(st.tuples(st.sampled_from([1, 1, 2, 3]), st.integers(1, 3),
                       st.dictionaries(st.integers(0, homes - 1), st.floats(0.01, 1.0), max_size=homes)),
             min_size=1, max_size=5),
))


@hypothesis_settings(max_examples=150, deadline=None)
@given(queues)
def test_assignment_equals_brute_force_and_never_exceeds_a_capacity(queue):
    capacities, specs = queue
    items = [QueueItem(uuid.uuid4(), size, urgency, 0, scores) for size, urgency, scores in specs]
    optimal = assign_optimal(items, np.array(capacities))
    assert abs(optimal.total - brute_force(items, capacities)) < 1e-6
    assert optimal.optimal
    for assignment in (optimal, assign_greedy(items, np.array(capacities))):
        used = [0] * len(capacities)
        for item in items:
            if assignment.homes[item.request_id] is not None:
                used[assignment.homes[item.request_id]] += item.size
        assert all(u <= c for u, c in zip(used, capacities))
    assert assign_greedy(items, np.array(capacities)).total <= optimal.total + 1e-9


def test_single_child_queues_use_the_flow_and_groups_the_integer_program():
    patient = QueueItem(uuid.uuid4(), 1, 1, 0, {0: 0.9})
    urgent = QueueItem(uuid.uuid4(), 1, 3, 0, {0: 0.6, 1: 0.5})
    flow = assign_optimal([patient, urgent], np.array([1, 1]))
    assert flow.method == "min-cost flow" and flow.total == 1.4
    greedy = assign_greedy([patient, urgent], np.array([1, 1]))
    assert greedy.total == 0.6  # the urgent one took home 0, the only home the other one could use
    assert greedy.reasons[patient.request_id].startswith("De lämpliga hemmen hade redan tagits")
    group = [QueueItem(uuid.uuid4(), 2, 1, 0, {0: 0.5})]
    assert assign_optimal(group, np.array([2])).method == "heltalsprogram (HiGHS)"


def test_a_family_without_a_religious_wish_does_not_count_against_a_home_with_a_religion():
    """"Ingen uttalad religion" is no wish: it scored 0 against every home with a religion, with the reason
    "Hemmet delar inte familjens önskan om Ingen uttalad religion"."""
    assert religious_wish("Ingen uttalad religion") is None and religious_wish("  ") is None
    assert religious_wish("Muslimsk (shia)") == "Muslimsk (shia)"
    rows = [home("Familjen Kyrklig", religion="Svenska kyrkan")]
    without = rank(request(child(religion=religious_wish("Ingen uttalad religion"))), HomeTable.from_rows(rows),
                   SETTINGS, CONTINUITY).candidates[0]
    wishing = rank(request(child(religion="Muslimsk")), HomeTable.from_rows(rows), SETTINGS, CONTINUITY).candidates[0]

    culture = {name: next(k for k in c.criteria if k.name == "culture") for name, c in (("no", without), ("yes", wishing))}
    assert culture["no"].reason == "Inga särskilda önskemål om språk eller kultur." and culture["no"].score == 1
    assert "delar inte familjens önskan om Muslimsk" in culture["yes"].reason
