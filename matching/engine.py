"""The matching engine: hard constraints, scored criteria, ranking with reasons. Pure Python and numpy.

Homes arrive as columns (one numpy array per attribute), so every rule is one vectorised expression over
all candidate homes; reasons in Swedish are written only for the homes that are shown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass, field

import numpy as np

from core.geo import EARTH_RADIUS_KM, km_text
from core.labels import BBIC_DOMAIN
from children.network import ChildNetwork, Home, Person, contact_weight
from children.schemas import ContactFrequency, Relation
from foster_homes.schemas import OWN_HOME_KINDS, PlacementKind
from schooling.continuity import SchoolPlace, band_for, is_natural_transition
from schooling.continuity import scores as continuity_scores
from schooling.schemas import ContinuitySettings, grade_label
from matching.schemas import CRITERIA, MatchingSettings
from placements.schemas import WITHHELD_REASON

DOMAINS = (
    "health",
    "education",
    "emotional_behavioural",
    "identity",
    "family_social_relations",
    "social_presentation",
    "self_care",
)
DOMAIN_SV = {domain.value: text.lower() for domain, text in BBIC_DOMAIN.items()}  # in the middle of a sentence
# Keyed by the home's placement kinds; a request's kind (placements.RequestKind) has the same values.
KIND_BITS = {PlacementKind.LONG_TERM: 1, PlacementKind.EMERGENCY: 2, PlacementKind.RESPITE: 4}
KIND_SV = {PlacementKind.LONG_TERM: "långsiktiga placeringar", PlacementKind.EMERGENCY: "jourplaceringar",
           PlacementKind.RESPITE: "avlastning"}
PET_BITS = {"dog": 1, "cat": 2, "horse": 4, "rodent": 8, "bird": 16, "other": 32}
PET_SV = {"dog": "hund", "cat": "katt", "horse": "häst", "rodent": "smådjur", "bird": "fågel", "other": "husdjur"}
# Allergies as recorded on the child → the pets that trigger them.
ALLERGY_PETS = {
    "hund": PET_BITS["dog"],
    "katt": PET_BITS["cat"],
    "häst": PET_BITS["horse"],
    "pälsdjur": PET_BITS["dog"] | PET_BITS["cat"] | PET_BITS["horse"] | PET_BITS["rodent"],
    "djurhår": PET_BITS["dog"] | PET_BITS["cat"] | PET_BITS["horse"] | PET_BITS["rodent"],
    "fågel": PET_BITS["bird"],
    "smådjur": PET_BITS["rodent"],
}
GENDER_CODES = {"any": 0, "girl": 1, "boy": 2}
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class HomeRow:
    """One home as the engine needs it; HomeTable.from_rows turns many into columns."""

    id: uuid.UUID
    name: str
    kind: str
    approved: bool
    free: int
    placement_kinds: tuple[str, ...]
    age_min: int
    age_max: int
    latitude: float
    longitude: float
    municipality: str
    monthly_cost: float
    available_from: dt.date | None = None
    max_sibling_group: int = 1
    gender: str = "any"
    tags: frozenset[str] = frozenset()
    pets: tuple[str, ...] = ()
    adult_numbers: tuple[str, ...] = ()
    experience: dict[str, int] = field(default_factory=dict)  # domain → 0 none … 3 extensive
    trained: frozenset[str] = frozenset()  # domains with a training
    languages: frozenset[str] = frozenset()
    religion: str | None = None
    unplanned_endings: int = 0
    young_or_new: int = 0
    earlier_children: frozenset[uuid.UUID] = frozenset()


@dataclass
class HomeTable:
    """Candidate homes as columns. ``free`` is the number of free places on the request's start date."""

    ids: list[uuid.UUID]
    names: list[str]
    kind: np.ndarray  # str codes
    approved: np.ndarray  # bool: status approved (not paused, not under assessment)
    available_from: np.ndarray  # int date ordinals, 0 = now
    free: np.ndarray  # int
    offers: np.ndarray  # int bitmask of KIND_BITS
    age_min: np.ndarray
    age_max: np.ndarray
    max_sibling_group: np.ndarray
    gender: np.ndarray  # GENDER_CODES
    tags: list[frozenset[str]]
    pets: np.ndarray  # int bitmask of PET_BITS
    latitude: np.ndarray
    longitude: np.ndarray
    municipality: np.ndarray  # lower case str
    adult_numbers: list[tuple[str, ...]]
    experience: np.ndarray  # [homes, 7] 0 none … 3 extensive, BBIC order of DOMAINS
    trained: np.ndarray  # [homes, 7] bool: a training in the domain
    languages: list[frozenset[str]]
    religion: list[str | None]
    monthly_cost: np.ndarray  # float SEK per child and month
    unplanned_endings: np.ndarray  # int
    young_or_new: np.ndarray  # int: placed children under 3 or placed in the last 6 months
    earlier_children: list[frozenset[uuid.UUID]]  # children who lived well in the home before

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_rows(cls, rows: list[HomeRow]) -> HomeTable:
        def column(values, dtype=None):
            return np.array(values, dtype=dtype)

        return cls(
            ids=[r.id for r in rows],
            names=[r.name for r in rows],
            kind=column([r.kind for r in rows], object),
            approved=column([r.approved for r in rows], bool),
            available_from=column([r.available_from.toordinal() if r.available_from else 0 for r in rows], np.int64),
            free=column([r.free for r in rows], np.int64),
            offers=column([sum(KIND_BITS[k] for k in r.placement_kinds) for r in rows], np.int64),
            age_min=column([r.age_min for r in rows], np.int64),
            age_max=column([r.age_max for r in rows], np.int64),
            max_sibling_group=column([r.max_sibling_group for r in rows], np.int64),
            gender=column([GENDER_CODES[r.gender] for r in rows], np.int64),
            tags=[r.tags for r in rows],
            pets=column([sum(PET_BITS[p] for p in r.pets) for r in rows], np.int64),
            latitude=column([r.latitude for r in rows], float),
            longitude=column([r.longitude for r in rows], float),
            municipality=column([r.municipality.lower() for r in rows], object),
            adult_numbers=[r.adult_numbers for r in rows],
            experience=column([[r.experience.get(d, 0) for d in DOMAINS] for r in rows], float).reshape(len(rows), len(DOMAINS)),
            trained=column([[d in r.trained for d in DOMAINS] for r in rows], bool).reshape(len(rows), len(DOMAINS)),
            languages=[r.languages for r in rows],
            religion=[r.religion for r in rows],
            monthly_cost=column([r.monthly_cost for r in rows], float),
            unplanned_endings=column([r.unplanned_endings for r in rows], np.int64),
            young_or_new=column([r.young_or_new for r in rows], np.int64),
            earlier_children=[r.earlier_children for r in rows],
        )

    def subset(self, indices: np.ndarray) -> HomeTable:
        """The same columns for the given homes only (numpy columns by fancy indexing, lists by picking)."""
        picked = {}
        for column in dataclasses.fields(self):
            values = getattr(self, column.name)
            picked[column.name] = values[indices] if isinstance(values, np.ndarray) else [values[i] for i in indices]
        return HomeTable(**picked)

    def home(self, index: int) -> Home:
        return Home(self.ids[index], self.names[index], self.adult_numbers[index], float(self.latitude[index]),
                    float(self.longitude[index]), str(self.municipality[index]))


@dataclass(frozen=True)
class ChildProfile:
    id: uuid.UUID
    name: str
    age: int
    gender: str  # girl | boy | other
    needs: dict[str, int]  # domain → 0 none … 3 critical
    languages: frozenset[str]
    religion: str | None
    allergies: frozenset[str]
    network: ChildNetwork
    school: SchoolPlace | None
    home_latitude: float | None = None
    home_longitude: float | None = None


@dataclass(frozen=True)
class RequestProfile:
    id: uuid.UUID
    children: tuple[ChildProfile, ...]
    kind: str  # long_term | emergency | respite
    start: dt.date
    together: bool = True
    required_tags: frozenset[str] = frozenset()
    wish_tags: frozenset[str] = frozenset()
    urgency: int = 2  # 1 normal, 2 high, 3 acute

    @property
    def size(self) -> int:
        return len(self.children)


@dataclass
class Criterion:
    name: str
    score: float
    weight: float
    reason: str

    @property
    def contribution(self) -> float:
        return self.score * self.weight


@dataclass
class Candidate:
    index: int
    home_id: uuid.UUID
    home_name: str
    home_kind: str
    total: float
    criteria: list[Criterion]
    warnings: list[str]
    kinship: bool
    distance_km: float | None


@dataclass
class Exclusion:
    reason: str
    count: int
    homes: list[tuple[uuid.UUID, str, str]]
    """The first homes excluded for this reason: id, name, the specific detail."""


@dataclass(frozen=True)
class Withheld:
    """Protected homes whose location the reader may not know. They are set aside before any rule or score
    reads a location, so nothing the reader gets (a reason, a score, an exclusion, a split, the queue's
    proposal) depends on where they are: only that they exist and who may match them."""

    mask: np.ndarray  # bool per home
    staff: dict[int, str]  # per home index: the assigned staff, named

    REASON = WITHHELD_REASON

    def detail(self, i: int) -> str:
        staff = self.staff.get(i)
        return (f"Kontakta {staff}, som kan matcha hemmet." if staff
                else "Ingen handläggare är tilldelad hemmet; familjevårdsenheten kan matcha det.")


@dataclass
class Ranking:
    request_id: uuid.UUID
    candidates: list[Candidate]
    excluded: list[Exclusion]
    feasible: int
    considered: int
    total_scores: np.ndarray = field(repr=False)
    """Every home's total score (−inf where excluded), for the whole-queue assignment."""
    kinship: np.ndarray = field(repr=False)
    """Whether each home is kin to one of the children."""


# ---------------------------------------------------------------- geometry

def distances_km(lat: float, lon: float, latitudes: np.ndarray, longitudes: np.ndarray) -> np.ndarray:
    """Great-circle distances from one point to many (haversine, the radius earthdistance uses)."""
    phi1, phi2 = np.radians(lat), np.radians(latitudes)
    dphi, dlam = phi2 - phi1, np.radians(longitudes - lon)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))


# ---------------------------------------------------------------- hard constraints

def _rules(request: RequestProfile, homes: HomeTable, settings: MatchingSettings, withheld: Withheld | None):
    """(reason, mask of homes it rules out, detail for one home) per hard rule, in the order shown."""
    n = len(homes)
    start = request.start.toordinal()
    ages = [child.age for child in request.children]
    needed = request.size if request.together else 1
    rules = [(Withheld.REASON, withheld.mask, withheld.detail)] if withheld is not None else []
    rules += [
        ("Inte godkänt (ansökan, under utredning, vilande eller avslutat)", ~homes.approved,
         lambda i: "Hemmet är inte godkänt för placeringar just nu."),
        ("Inte tillgängligt vid startdatum", homes.available_from > start,
         lambda i: f"Tillgängligt först från {dt.date.fromordinal(int(homes.available_from[i])).isoformat()}."),
        ("För få lediga platser", homes.free < needed,
         lambda i: f"{int(homes.free[i])} lediga platser, {needed} behövs."),
        (f"Tar inte emot {KIND_SV[request.kind]}", (homes.offers & KIND_BITS[request.kind]) == 0,
         lambda i: f"Hemmet erbjuder inte {KIND_SV[request.kind]}."),
        ("Utanför hemmets åldersspann", (homes.age_min > min(ages)) | (homes.age_max < max(ages)),
         lambda i: f"Tar emot {int(homes.age_min[i])}–{int(homes.age_max[i])} år; barnet är {', '.join(map(str, ages))} år."),
    ]
    genders = {child.gender for child in request.children}
    wrong_gender = np.zeros(n, dtype=bool)
    for gender in genders:
        wrong_gender |= (homes.gender != 0) & (homes.gender != GENDER_CODES.get(gender, -1))
    rules.append(("Hemmets önskemål om kön", wrong_gender, lambda i: "Hemmet har önskat ett annat kön."))
    if request.together and request.size > 1:
        rules.append(("Tar inte så stor syskongrupp", homes.max_sibling_group < request.size,
                      lambda i: f"Tar högst {int(homes.max_sibling_group[i])} syskon; gruppen är {request.size}."))
    if request.required_tags:
        lacking = np.array([not request.required_tags <= tags for tags in homes.tags], dtype=bool) if n else np.zeros(0, bool)
        rules.append(("Saknar krävd kompetens", lacking,
                      lambda i: "Saknar: " + ", ".join(sorted(request.required_tags - homes.tags[i])) + "."))
    allergy_mask = 0
    for child in request.children:
        for allergy in child.allergies:
            allergy_mask |= ALLERGY_PETS.get(allergy, 0)
    if allergy_mask:
        rules.append(("Husdjur som barnet är allergiskt mot", (homes.pets & allergy_mask) != 0,
                      lambda i: "Hemmet har " + ", ".join(PET_SV[p] for p, bit in PET_BITS.items()
                                                        if homes.pets[i] & bit & allergy_mask) + "."))
    rules.append(_protection_rule(request, homes, settings))
    return rules


def _protection_rule(request: RequestProfile, homes: HomeTable, settings: MatchingSettings):
    """Never a home with, near, or in the municipality of a person a child is protected from."""
    n = len(homes)
    ruled_out = np.zeros(n, dtype=bool)
    details: dict[int, str] = {}
    radius = settings.protected_distance_km
    for child in request.children:
        for person in child.network.protected_from():
            hit = np.zeros(n, dtype=bool)
            if person.personal_number:
                in_household = np.array([person.personal_number in numbers for numbers in homes.adult_numbers], dtype=bool)
                hit |= in_household
                for i in np.flatnonzero(in_household):
                    details.setdefault(int(i), "En person som barnet ska skyddas från bor i hemmet.")
            if person.located:
                km = distances_km(person.latitude, person.longitude, homes.latitude, homes.longitude)
                near = km <= radius
                hit |= near
                for i in np.flatnonzero(near):
                    details.setdefault(int(i), f"{km_text(float(km[i]))} från en person som barnet ska skyddas från "
                                               f"(gräns {km_text(radius)}).")
            if person.municipality:
                same = homes.municipality == person.municipality.lower()
                hit |= same
                for i in np.flatnonzero(same):
                    details.setdefault(int(i), "Samma kommun som en person som barnet ska skyddas från.")
            ruled_out |= hit
    return ("Skydd: nära en person som barnet ska skyddas från", ruled_out,
            lambda i: details.get(i, "Skyddsbedömning."))


# ---------------------------------------------------------------- scored criteria

def _school_scores(child: ChildProfile, homes: HomeTable, start: dt.date, continuity: ContinuitySettings):
    """The continuity score of schooling.continuity.assess for every home (unrounded), with the detail
    ``_school_reason`` reads."""
    if child.school is None:
        return np.ones(len(homes)), None
    km = distances_km(child.school.latitude, child.school.longitude, homes.latitude, homes.longitude)
    band = band_for(continuity, child.age)
    transition = is_natural_transition(child.school.grade, start, continuity.transition_window_months)
    return continuity_scores(km, band, transition, continuity), (km, band, transition)


def _school_reason(child: ChildProfile, i: int, detail) -> str:
    if detail is None:
        return f"{child.name} har ingen registrerad skola."
    km, band, transition = detail
    where = f"{child.school.name} ({grade_label(child.school.grade)})"
    d = float(km[i])
    if d <= band.own_travel_km:
        return f"{child.name} kan gå kvar i {where}, {km_text(d)}."
    if d <= band.with_transport_km:
        return f"{child.name} kan gå kvar i {where} med skolskjuts, {km_text(d)}."
    return f"{child.name} måste byta från {where}, {km_text(d)}" + (" (naturligt stadiebyte)." if transition else ".")


def _network_scores(child: ChildProfile, homes: HomeTable, settings: MatchingSettings):
    """Kinship first (1.0), otherwise weighted closeness to the people who matter."""
    n = len(homes)
    numerator, denominator = np.zeros(n), 0.0
    for person in child.network.people:
        if person.protected_from or not person.located:
            continue
        weight = contact_weight(person)
        km = distances_km(person.latitude, person.longitude, homes.latitude, homes.longitude)
        numerator += weight / (1 + km / settings.proximity_scale_km)
        denominator += weight
    for sibling in child.network.siblings:  # as ChildNetwork.proximity counts them: weekly contact, importance 3
        if sibling.latitude is None or sibling.longitude is None:
            continue
        weight = contact_weight(Person(sibling.id, sibling.name, Relation.SIBLING, 3, ContactFrequency.WEEKLY))
        km = distances_km(sibling.latitude, sibling.longitude, homes.latitude, homes.longitude)
        numerator += weight / (1 + km / settings.proximity_scale_km)
        denominator += weight
    proximity = numerator / denominator if denominator else np.full(n, 0.5)
    kin_index = _kinship_indices(child, homes)
    scores = proximity.copy()
    # A sibling already living in the home counts as much as kin (siblings are placed together).
    for i in _sibling_home_indices(child, homes):
        scores[i] = 1.0
    if kin_index:
        scores[list(kin_index)] = 1.0
    return scores, kin_index


def _sibling_home_indices(child: ChildProfile, homes: HomeTable) -> dict[int, str]:
    living = {s.home_id: s.name for s in child.network.siblings if s.home_id is not None}
    return {i: living[home_id] for i, home_id in enumerate(homes.ids) if home_id in living} if living else {}


def _kinship_indices(child: ChildProfile, homes: HomeTable) -> dict[int, str]:
    """Homes that are kin to the child: its network's personal numbers in the household, or its network home."""
    numbers = {p.personal_number for p in child.network.people if p.personal_number and not p.protected_from}
    registered = {p.kinship_home_id for p in child.network.people if p.kinship_home_id and not p.protected_from}
    found = {}
    for i, (home_id, adults) in enumerate(zip(homes.ids, homes.adult_numbers)):
        if home_id in registered or numbers.intersection(adults):
            kinship = child.network.kinship(homes.home(i))
            if kinship is not None:
                found[i] = kinship.reason
    return found


def _network_reason(child: ChildProfile, i: int, homes: HomeTable, kin: dict[int, str], settings) -> str:
    if i in kin:
        return f"Nätverkshem: {kin[i]}."
    sibling = _sibling_home_indices(child, homes).get(i)
    if sibling is not None:
        return f"Syskonet {sibling} bor redan i hemmet."
    proximity = child.network.proximity(float(homes.latitude[i]), float(homes.longitude[i]), settings.proximity_scale_km)
    return proximity.explanation


def _needs_scores(child: ChildProfile, homes: HomeTable):
    levels = np.array([child.needs.get(domain, 0) for domain in DOMAINS], dtype=float)
    if levels.sum() == 0:
        return np.ones(len(homes))
    capability = np.minimum(3.0, homes.experience + 0.5 * homes.trained)
    fit = np.minimum(1.0, capability / np.maximum(levels, 1.0))
    return (fit * levels).sum(axis=1) / levels.sum()


def _needs_reason_and_warnings(child: ChildProfile, i: int, homes: HomeTable) -> tuple[str, list[str]]:
    warnings, matched = [], []
    for d, domain in enumerate(DOMAINS):
        level = child.needs.get(domain, 0)
        if level == 0:
            continue
        experience = int(homes.experience[i, d])
        if level >= 2 and experience == 0 and not homes.trained[i, d]:
            size = "mycket stort" if level == 3 else "stort"
            warnings.append(f"{size.capitalize()} behov inom {DOMAIN_SV[domain]} ({child.name}), hemmet saknar erfarenhet.")
        elif experience >= level:
            matched.append(DOMAIN_SV[domain])
    if not any(child.needs.values()):
        return f"{child.name} har inga bedömda behov som kräver särskild erfarenhet.", warnings
    if matched:
        return f"Erfarenhet som motsvarar behoven inom {', '.join(matched)}.", warnings
    return "Hemmets erfarenhet räcker inte helt för barnets behov.", warnings


def _culture_scores(request: RequestProfile, homes: HomeTable) -> np.ndarray:
    n = len(homes)
    parts = []
    for child in request.children:
        other_languages = child.languages - {"svenska"}
        if other_languages:
            parts.append(np.array([1.0 if other_languages & langs else 0.0 for langs in homes.languages]))
        if child.religion:
            wanted = child.religion.lower()
            parts.append(np.array([1.0 if r and wanted in r.lower() else 0.0 for r in homes.religion]))
    if request.wish_tags:
        parts.append(np.array([len(request.wish_tags & tags) / len(request.wish_tags) for tags in homes.tags]))
    return np.mean(parts, axis=0) if parts else np.ones(n)


def religious_wish(religion_culture: str | None) -> str | None:
    """The family's wish about religion or culture to match, or None: "Ingen uttalad religion" (or any text
    that begins with "ingen") is no wish, and must not count against every home that has a religion."""
    text = (religion_culture or "").strip()
    return None if not text or text.casefold().startswith("ingen") else text


def _culture_reason(request: RequestProfile, i: int, homes: HomeTable) -> str:
    said = []
    for child in request.children:
        shared = (child.languages - {"svenska"}) & homes.languages[i]
        if shared:
            said.append(f"talar {', '.join(sorted(shared))}")
        elif child.languages - {"svenska"}:
            said.append(f"talar inte {', '.join(sorted(child.languages - {'svenska'}))}")
        if child.religion:
            same = homes.religion[i] and child.religion.lower() in homes.religion[i].lower()
            said.append(f"{'delar' if same else 'delar inte'} familjens önskan om {child.religion}")
    if request.wish_tags:
        met = request.wish_tags & homes.tags[i]
        said.append(f"uppfyller {len(met)} av {len(request.wish_tags)} önskemål")
    return ("Hemmet " + "; ".join(dict.fromkeys(said)) + ".") if said else "Inga särskilda önskemål om språk eller kultur."


def _cost_scores(homes: HomeTable, settings: MatchingSettings) -> np.ndarray:
    floor, ceiling = float(settings.cost_floor_monthly), float(settings.cost_ceiling_monthly)
    return np.clip(1 - (homes.monthly_cost - floor) / max(ceiling - floor, 1.0), 0, 1)


def _cost_reason(homes: HomeTable, i: int) -> str:
    amount = f"{int(round(homes.monthly_cost[i], -2)):,}".replace(",", " ")
    regime = "egen regi" if homes.kind[i] in OWN_HOME_KINDS else "köpt plats (konsulentstött)"
    return f"Cirka {amount} kr per barn och månad, {regime}."


def _stability_scores(homes: HomeTable) -> np.ndarray:
    return np.clip(1 - 0.25 * homes.unplanned_endings - 0.2 * homes.young_or_new, 0, 1)


def all_siblings(count: int) -> str:
    """"båda syskonen", "alla tre syskonen", "alla 12 syskonen"."""
    if count == 2:
        return "båda syskonen"
    words = {3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio", 10: "tio"}
    return f"alla {words.get(count, count)} syskonen"


def _stability_reason(homes: HomeTable, i: int) -> str:
    endings, load = int(homes.unplanned_endings[i]), int(homes.young_or_new[i])
    if not endings and not load:
        return "Inga oplanerade avslut och inga små eller nyplacerade barn i hemmet."
    parts = []
    if endings:
        parts.append(f"{endings} {'oplanerat avslut' if endings == 1 else 'oplanerade avslut'} tidigare")
    if load:
        parts.append(f"{load} {'litet eller nyplacerat barn' if load == 1 else 'små eller nyplacerade barn'} i hemmet")
    return ", ".join(parts).capitalize() + "."


# ---------------------------------------------------------------- ranking

def rank(
    request: RequestProfile,
    homes: HomeTable,
    settings: MatchingSettings,
    continuity: ContinuitySettings,
    *,
    limit: int = 20,
    excluded_examples: int = 10,
    withheld: Withheld | None = None,
) -> Ranking:
    """Rank every home for the request: hard rules first, then the weighted criteria, best first. Homes
    ``withheld`` from this reader come first among the exclusions, whatever else holds for them."""
    n = len(homes)
    excluded_mask = np.zeros(n, dtype=bool)
    exclusions = []
    for reason, mask, detail in _rules(request, homes, settings, withheld):
        newly = mask & ~excluded_mask  # each home is listed under the first rule it breaks
        excluded_mask |= mask
        indices = np.flatnonzero(newly)
        if len(indices):
            examples = [(homes.ids[i], homes.names[i], detail(int(i))) for i in indices[:excluded_examples]]
            exclusions.append(Exclusion(reason, len(indices), examples))
    # Score only the homes that pass every rule: usually a small share of the register.
    feasible = np.flatnonzero(~excluded_mask)
    homes = homes.subset(feasible)
    weights = settings.weights.model_dump()
    per_child = [
        (child, _network_scores(child, homes, settings), _school_scores(child, homes, request.start, continuity),
         _needs_scores(child, homes))
        for child in request.children
    ]
    m = len(homes)
    scores = {
        "network": np.mean([net[0] for _, net, _, _ in per_child], axis=0),
        "school": np.mean([school[0] for _, _, school, _ in per_child], axis=0),
        "needs": np.mean([needs for _, _, _, needs in per_child], axis=0),
        "culture": _culture_scores(request, homes),
        "cost": _cost_scores(homes, settings),
        "stability": _stability_scores(homes),
        "continuity": np.array([
            1.0 if any(child.id in earlier for child in request.children) else 0.0 for earlier in homes.earlier_children
        ]) if m else np.zeros(0),
    }
    weight_sum = sum(weights.values())
    scored = sum(weights[c] * scores[c] for c in CRITERIA) / weight_sum if m else np.zeros(0)
    kin_scored = np.zeros(m, dtype=bool)
    for _, (_, kin_indices), _, _ in per_child:
        kin_scored[list(kin_indices)] = True
    if settings.kinship_first:
        # Network first (DOMAIN.md): every possible kinship home before any other, each group by score.
        best = np.lexsort((-scored, ~kin_scored))[:limit]
    else:
        best = np.argsort(-scored, kind="stable")[:limit]
    total = np.full(n, -np.inf)
    total[feasible] = scored
    kin_homes = np.zeros(n, dtype=bool)
    kin_homes[feasible] = kin_scored
    first = request.children[0]
    candidates = []
    for i in best:
        i = int(i)
        criteria, warnings = [], []
        kin_any = False
        network_reasons = []
        for child, (_, kin), _, _ in per_child:
            kin_any |= i in kin
            network_reasons.append(_network_reason(child, i, homes, kin, settings))
        school_reasons = [_school_reason(child, i, school[1]) for child, _, school, _ in per_child]
        needs_reasons = []
        for child, *_ in per_child:
            reason, child_warnings = _needs_reason_and_warnings(child, i, homes)
            needs_reasons.append(reason)
            warnings += child_warnings
        reasons = {
            "network": " ".join(dict.fromkeys(network_reasons)),
            "school": " ".join(school_reasons),
            "needs": " ".join(dict.fromkeys(needs_reasons)),
            "culture": _culture_reason(request, i, homes),
            "cost": _cost_reason(homes, i),
            "stability": _stability_reason(homes, i),
            "continuity": "Barnet har bott väl i hemmet tidigare." if scores["continuity"][i] else "Barnet har inte bott här tidigare.",
        }
        for c in CRITERIA:
            criteria.append(Criterion(c, round(float(scores[c][i]), 3), weights[c] / weight_sum, reasons[c]))
        distance = None
        if first.home_latitude is not None:
            distance = round(float(distances_km(first.home_latitude, first.home_longitude,
                                                homes.latitude[i:i + 1], homes.longitude[i:i + 1])[0]), 1)
        candidates.append(Candidate(int(feasible[i]), homes.ids[i], homes.names[i], str(homes.kind[i]),
                                    round(float(scored[i]), 4), criteria, warnings, kin_any, distance))
    return Ranking(request.id, candidates, exclusions, len(feasible), n, total, kin_homes)


# ---------------------------------------------------------------- sibling groups that no home can take together

@dataclass
class SplitProposal:
    homes: list[tuple[ChildProfile, Candidate]]
    total: float
    spread_km: float
    explanation: str


def needs_split(request: RequestProfile, ranking: Ranking) -> bool:
    """Siblings to be placed together whom no home can take together: then they are placed one by one (a split
    on the request's page, one item per child in the whole queue)."""
    return request.together and request.size > 1 and not bool(np.isfinite(ranking.total_scores).any())


def one_child(request: RequestProfile, child: ChildProfile) -> RequestProfile:
    """One of a request's children as a request of its own (a split)."""
    return RequestProfile(request.id, (child,), request.kind, request.start, True, request.required_tags,
                          request.wish_tags, request.urgency)


def propose_split(
    request: RequestProfile,
    homes: HomeTable,
    settings: MatchingSettings,
    continuity: ContinuitySettings,
    *,
    per_child: int = 8,
    withheld: Withheld | None = None,
) -> SplitProposal | None:
    """When no home can take the whole group: the best way to place the siblings in separate homes (or
    two in one home where places allow), preferring homes near each other and near the network."""
    choices = []
    for child in request.children:
        ranking = rank(one_child(request, child), homes, settings, continuity, limit=per_child, withheld=withheld)
        if not ranking.candidates:
            return None
        choices.append((child, ranking.candidates))
    best: SplitProposal | None = None

    def walk(level: int, picked: list[Candidate]):
        nonlocal best
        if level == len(choices):
            used: dict[int, int] = {}
            for candidate in picked:
                used[candidate.index] = used.get(candidate.index, 0) + 1
            if any(count > homes.free[index] for index, count in used.items()):
                return
            lat, lon = homes.latitude[[c.index for c in picked]], homes.longitude[[c.index for c in picked]]
            spread = max(float(distances_km(a, b, lat, lon).max()) for a, b in zip(lat, lon))
            closeness = 1 / (1 + spread / settings.sibling_near_km)
            total = sum(c.total for c in picked) / len(picked) * (0.7 + 0.3 * closeness)
            if best is None or total > best.total:
                placed = list(zip((child for child, _ in choices), picked))
                text = "; ".join(f"{child.name} till {candidate.home_name}" for child, candidate in placed)
                best = SplitProposal(placed, round(total, 4), round(spread, 1),
                                     f"Inget hem kan ta emot {all_siblings(len(choices))} tillsammans. Förslag: {text} "
                                     f"(hemmen ligger som mest {km_text(spread)} från varandra).")
            return
        for candidate in choices[level][1]:
            walk(level + 1, [*picked, candidate])

    walk(0, [])
    return best
