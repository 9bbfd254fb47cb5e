"""The child's network graph: kinship, weighted proximity, protected-from (pure, no database)."""

import uuid

import pytest

from children.network import ChildNetwork, Home, Person, Sibling
from children.schemas import ContactFrequency, KinshipAssessment, Relation
from tests.factories import personal_number

SPANGA = (59.3946, 17.9013)
SOLLENTUNA = (59.4280, 17.9510)
UPPSALA = (59.8586, 17.6389)
GOTEBORG = (57.7089, 11.9746)


def person(name, relation, importance=2, frequency=ContactFrequency.MONTHLY, at=None, **extra) -> Person:
    lat, lon = at if at else (None, None)
    return Person(uuid.uuid4(), name, relation, importance, frequency, latitude=lat, longitude=lon, **extra)


@pytest.fixture
def network():
    grandmother = person("Birgitta", Relation.GRANDPARENT, 3, ContactFrequency.WEEKLY, SOLLENTUNA,
                         personal_number=personal_number("19580302", "246"), willing_kinship_home=True,
                         municipality="Sollentuna")
    father = person("Jonas", Relation.FATHER, 1, ContactFrequency.NONE, SPANGA, personal_number=personal_number("19820101", "111"),
                    protected_from=True, protected_reason="Våld", municipality="Stockholm")
    aunt = person("Lena", Relation.AUNT_UNCLE, 2, ContactFrequency.MONTHLY, GOTEBORG, kinship_assessment=KinshipAssessment.NOT_SUITABLE,
                  willing_kinship_home=True)
    teacher = person("Karin", Relation.PROFESSIONAL, 1, ContactFrequency.YEARLY)
    return ChildNetwork("Elsa", [grandmother, father, aunt, teacher], [Sibling(uuid.uuid4(), "Adam", latitude=SPANGA[0], longitude=SPANGA[1])])


def home(numbers=(), at=SPANGA, municipality="Stockholm", home_id=None) -> Home:
    return Home(home_id or uuid.uuid4(), "Hemmet", tuple(numbers), at[0], at[1], municipality)


def test_a_home_is_kin_when_an_adult_in_it_is_in_the_network(network):
    found = network.kinship(home([personal_number("19580302", "246"), personal_number("19600101", "123")], SOLLENTUNA))
    assert found.person.name == "Birgitta"
    assert found.reason == "Birgitta (mor- eller farförälder) bor i hemmet"
    assert network.kinship(home([personal_number("19600101", "123")])) is None


def test_a_home_registered_as_the_network_home_is_kin():
    home_id = uuid.uuid4()
    uncle = person("Ali", Relation.AUNT_UNCLE, 3, kinship_home_id=home_id)
    found = ChildNetwork("Omar", [uncle]).kinship(home(home_id=home_id))
    assert found.reason.startswith("Hemmet är registrerat som nätverkshem hos Ali")


def test_a_person_the_child_is_protected_from_never_makes_a_home_kin(network):
    assert network.kinship(home([personal_number("19820101", "111")])) is None


def test_proximity_weights_the_people_who_matter(network):
    near_grandmother = network.proximity(*SOLLENTUNA)
    near_aunt = network.proximity(*GOTEBORG)
    assert near_grandmother.score > 0.6 > near_aunt.score
    assert near_grandmother.explanation.startswith("Nära mor- eller farförälder Birgitta (0,0 km)")
    assert "Jonas" not in near_grandmother.explanation  # a protected-from person never counts as closeness
    assert near_aunt.explanation.startswith("Långt från")


def test_more_contact_counts_more():
    weekly = person("Mamma", Relation.MOTHER, 2, ContactFrequency.WEEKLY, SPANGA)
    yearly = person("Pappa", Relation.FATHER, 2, ContactFrequency.YEARLY, UPPSALA)
    net = ChildNetwork("Barn", [weekly, yearly])
    assert net.proximity(*SPANGA).score > net.proximity(*UPPSALA).score


def test_no_located_people_gives_a_neutral_answer():
    net = ChildNetwork("Barn", [person("Karin", Relation.PROFESSIONAL)])
    assert net.proximity(*SPANGA).score == 0.5


def test_who_to_keep_the_child_away_from(network):
    assert [p.name for p in network.protected_from()] == ["Jonas"]
    in_household = network.avoidance(home([personal_number("19820101", "111")], UPPSALA, "Uppsala"), radius_km=20)
    assert in_household[0].reason == "Jonas bor i hemmet."
    nearby = network.avoidance(home((), (59.40, 17.95), "Sundbyberg"), radius_km=20)
    assert nearby[0].reason.startswith("Jonas bor ") and nearby[0].distance_km < 5
    same_municipality = network.avoidance(home((), UPPSALA, "Stockholm"), radius_km=20)
    assert same_municipality[0].reason == "Jonas bor i samma kommun (Stockholm)."
    assert network.avoidance(home((), UPPSALA, "Uppsala"), radius_km=20) == []


def test_kinship_candidates_are_willing_or_suitable_but_not_rejected(network):
    assert [p.name for p in network.kinship_candidates()] == ["Birgitta"]


def test_the_graph_links_siblings_and_homes(network):
    found_home = home([personal_number("19580302", "246")], SOLLENTUNA)
    network.kinship(found_home)
    graph = network.graph
    assert graph.nodes[ChildNetwork.CHILD]["kind"] == "child"
    assert sum(1 for _, data in graph.nodes(data=True) if data["kind"] == "sibling") == 1
    assert graph.has_node(found_home.id) and graph.degree(found_home.id) == 1


def test_a_reason_names_the_relation_the_network_holds():
    # "Nära moster, faster, morbror eller farbror Lena" read as if nobody knew which she was.
    aunt = person("Lena", Relation.MATERNAL_AUNT, 3, ContactFrequency.WEEKLY, GOTEBORG)
    uncle = person("Ali", Relation.PATERNAL_UNCLE, 2, kinship_home_id=(home_id := uuid.uuid4()))
    network = ChildNetwork("Omar", [aunt, uncle])
    assert network.proximity(*GOTEBORG).explanation == "Nära moster Lena (0,0 km)."
    assert network.kinship(home(home_id=home_id)).reason == "Hemmet är registrerat som nätverkshem hos Ali (farbror)"
