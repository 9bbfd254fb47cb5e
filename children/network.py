"""The child's network as a graph: who matters, where they live, who is kin, who the child must avoid.

Pure Python over plain dataclasses (no database), so matching can ask it about thousands of homes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import networkx as nx

from core.geo import distance_km, km_text
from children.labels import RELATION_SV
from children.schemas import CONTACTS_PER_YEAR, ContactFrequency, KinshipAssessment, Relation


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    name: str
    relation: Relation
    importance: int
    contact_frequency: ContactFrequency = ContactFrequency.NONE
    personal_number: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    municipality: str | None = None
    willing_kinship_home: bool = False
    kinship_assessment: KinshipAssessment = KinshipAssessment.NOT_ASSESSED
    kinship_home_id: uuid.UUID | None = None
    protected_from: bool = False
    protected_reason: str | None = None

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Sibling:
    """A sibling who is a child in the register; where they live now (their home or placement), if known."""

    id: uuid.UUID
    name: str
    half: bool = False
    latitude: float | None = None
    longitude: float | None = None
    home_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Home:
    """A candidate home, as much of it as the network questions need."""

    id: uuid.UUID
    name: str
    adult_personal_numbers: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    municipality: str | None = None


@dataclass(frozen=True)
class Kinship:
    person: Person
    reason: str


@dataclass(frozen=True)
class Proximity:
    score: float
    """0–1: 1 = living right beside everyone who matters; 0.5 at the distance scale."""
    explanation: str
    distances: list[tuple[Person, float]] = field(default_factory=list)


@dataclass(frozen=True)
class AvoidanceHit:
    person: Person
    distance_km: float | None
    reason: str


def closeness(km: float, scale_km: float) -> float:
    """1 right beside, 0.5 at the scale distance, falling slowly beyond it."""
    return 1 / (1 + km / scale_km)


def contact_weight(person: Person) -> float:
    """How much living near this person matters: importance (1–3) × how often they are to meet.

    A person the child meets monthly or more counts fully; rarer contact counts less, but never nothing,
    since an important person matters even when meetings are few.
    """
    contacts = CONTACTS_PER_YEAR[person.contact_frequency]
    return person.importance * (0.4 + 0.6 * min(1.0, contacts / 12))


class ChildNetwork:
    """The child at the centre; people, siblings and homes around it, as a networkx graph."""

    CHILD = "child"

    def __init__(self, child_name: str, people: list[Person], siblings: list[Sibling] = (), homes: list[Home] = ()):
        self.people = list(people)
        self.siblings = list(siblings)
        self.graph = nx.Graph()
        self.graph.add_node(self.CHILD, kind="child", name=child_name)
        for person in self.people:
            self.graph.add_node(person.id, kind="person", person=person)
            self.graph.add_edge(self.CHILD, person.id, relation=person.relation, weight=contact_weight(person),
                                protected=person.protected_from)
        for sibling in self.siblings:
            self.graph.add_node(sibling.id, kind="sibling", sibling=sibling)
            self.graph.add_edge(self.CHILD, sibling.id, relation=Relation.HALF_SIBLING if sibling.half else Relation.SIBLING)
            if sibling.home_id is not None:
                self.graph.add_node(sibling.home_id, kind="home")
                self.graph.add_edge(sibling.id, sibling.home_id, relation="lives_in")
        self._by_number = {p.personal_number: p for p in self.people if p.personal_number}
        for home in homes:
            self.add_home(home)

    def add_home(self, home: Home) -> None:
        """Link a candidate home to the people who live in it or whose network home it is."""
        self.graph.add_node(home.id, kind="home", home=home)
        for number in home.adult_personal_numbers:
            person = self._by_number.get(number)
            if person is not None:
                self.graph.add_edge(person.id, home.id, relation="lives_in")
        for person in self.people:
            if person.kinship_home_id == home.id:
                self.graph.add_edge(person.id, home.id, relation="network_home")

    # ------------------------------------------------------------ questions

    def kinship(self, home: Home) -> Kinship | None:
        """Is the home kin to the child: a household adult is in the network, or it is registered as the
        child's network home? A person the child is protected from never makes a home kin."""
        if home.id not in self.graph:
            self.add_home(home)
        best: Kinship | None = None
        for person_id in self.graph.neighbors(home.id):
            node = self.graph.nodes[person_id]
            if node.get("kind") != "person" or not self.graph.has_edge(self.CHILD, person_id):
                continue
            person: Person = node["person"]
            if person.protected_from:
                continue
            how = self.graph.edges[person_id, home.id]["relation"]
            reason = (
                f"{person.name} ({RELATION_SV[person.relation]}) bor i hemmet"
                if how == "lives_in"
                else f"Hemmet är registrerat som nätverkshem hos {person.name} ({RELATION_SV[person.relation]})"
            )
            if best is None or person.importance > best.person.importance:
                best = Kinship(person, reason)
        return best

    def proximity(self, latitude: float, longitude: float, scale_km: float = 10.0) -> Proximity:
        """How close a place is to the people who matter, weighted by importance and planned contact."""
        weighted = []
        for person in self.people:
            if person.protected_from or not person.located:
                continue
            km = distance_km(latitude, longitude, person.latitude, person.longitude)
            weighted.append((person, km, contact_weight(person)))
        for sibling in self.siblings:
            if sibling.latitude is not None and sibling.longitude is not None:
                km = distance_km(latitude, longitude, sibling.latitude, sibling.longitude)
                as_person = Person(sibling.id, sibling.name, Relation.HALF_SIBLING if sibling.half else Relation.SIBLING, 3,
                                   ContactFrequency.WEEKLY)
                weighted.append((as_person, km, contact_weight(as_person)))
        if not weighted:
            return Proximity(0.5, "Ingen i nätverket har en känd adress; närheten kan inte bedömas.")
        total = sum(weight for _, _, weight in weighted)
        score = sum(weight * closeness(km, scale_km) for _, km, weight in weighted) / total
        # Explain with the people who matter most, near or far.
        weighted.sort(key=lambda item: (-item[2], item[1]))
        parts = [
            f"{'nära' if km <= scale_km else 'långt från'} {RELATION_SV[p.relation]} {p.name} ({km_text(km)})"
            for p, km, _ in weighted[:2]
        ]
        sentence = " och ".join(parts)
        return Proximity(
            round(score, 3), sentence[0].upper() + sentence[1:] + ".", [(person, km) for person, km, _ in weighted]
        )

    def protected_from(self) -> list[Person]:
        """The persons the child must be kept away from."""
        return [person for person in self.people if person.protected_from]

    def avoidance(self, home: Home, radius_km: float) -> list[AvoidanceHit]:
        """Why a home would bring the child near someone it is protected from: in the household, within
        the radius, or in the same municipality."""
        hits = []
        numbers = set(home.adult_personal_numbers)
        for person in self.protected_from():
            if person.personal_number and person.personal_number in numbers:
                hits.append(AvoidanceHit(person, 0.0, f"{person.name} bor i hemmet."))
                continue
            km = None
            if person.located and home.latitude is not None and home.longitude is not None:
                km = distance_km(home.latitude, home.longitude, person.latitude, person.longitude)
                if km <= radius_km:
                    hits.append(AvoidanceHit(person, km, f"{person.name} bor {km_text(km)} från hemmet."))
                    continue
            if person.municipality and home.municipality and person.municipality.lower() == home.municipality.lower():
                hits.append(AvoidanceHit(person, km, f"{person.name} bor i samma kommun ({home.municipality})."))
        return hits

    def kinship_candidates(self) -> list[Person]:
        """Relatives and friends who are willing, or assessed suitable, to become the child's network home."""
        return [
            person
            for person in self.people
            if not person.protected_from
            and (person.willing_kinship_home or person.kinship_assessment == KinshipAssessment.SUITABLE)
            and person.kinship_assessment != KinshipAssessment.NOT_SUITABLE
        ]
