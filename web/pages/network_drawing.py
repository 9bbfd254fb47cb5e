"""Where the network drawing (nätverkskarta) puts each person: pure geometry, so it is tested without a page.

The child is in the centre. Each relation group has its own quarter of the circle (family top left,
relatives top right, friends and neighbours bottom right, school and other professionals bottom left)
and each importance its own ring: the people who matter most are closest to the child. The template
turns the result into SVG; the table of members beside it is the drawing's text alternative.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass

from children.network import ChildNetwork
from children.schemas import Relation
from web.pages import labels


class RelationGroup(enum.Enum):
    FAMILY = "family"
    RELATIVES = "relatives"
    FRIENDS = "friends"
    PROFESSIONALS = "professionals"


GROUP_OF = {
    Relation.MOTHER: RelationGroup.FAMILY,
    Relation.FATHER: RelationGroup.FAMILY,
    Relation.SIBLING: RelationGroup.FAMILY,
    Relation.HALF_SIBLING: RelationGroup.FAMILY,
    Relation.GRANDPARENT: RelationGroup.RELATIVES,
    Relation.MATERNAL_AUNT: RelationGroup.RELATIVES,
    Relation.PATERNAL_AUNT: RelationGroup.RELATIVES,
    Relation.MATERNAL_UNCLE: RelationGroup.RELATIVES,
    Relation.PATERNAL_UNCLE: RelationGroup.RELATIVES,
    Relation.AUNT_UNCLE: RelationGroup.RELATIVES,
    Relation.COUSIN: RelationGroup.RELATIVES,
    Relation.OTHER_RELATIVE: RelationGroup.RELATIVES,
    Relation.FAMILY_FRIEND: RelationGroup.FRIENDS,
    Relation.NEIGHBOUR: RelationGroup.FRIENDS,
    Relation.PROFESSIONAL: RelationGroup.PROFESSIONALS,
}

GROUP_LABEL = {
    RelationGroup.FAMILY: "Familj",
    RelationGroup.RELATIVES: "Släkt",
    RelationGroup.FRIENDS: "Vänner och grannar",
    RelationGroup.PROFESSIONALS: "Skola och yrkespersoner",
}

# The quarter of each group, in degrees clockwise from "east" (SVG's y axis points down, so -90 is up).
SECTOR_START = {
    RelationGroup.FAMILY: -180.0,
    RelationGroup.RELATIVES: -90.0,
    RelationGroup.FRIENDS: 0.0,
    RelationGroup.PROFESSIONALS: 90.0,
}
SECTOR_SPAN = 90.0
SECTOR_PADDING = 12.0
"""Kept free at each edge of a quarter, so neighbours across a divider never touch."""

WIDTH, HEIGHT = 980, 800
CENTRE_X, CENTRE_Y = 490.0, 405.0
CHILD_RADIUS = 46.0
NODE_RADIUS = 17.0
RING_RADIUS = {3: 115.0, 2: 205.0, 1: 290.0}
"""Importance 3 (very important) innermost, 1 (some importance) outermost."""
RING_PHASE = {3: 0.25, 2: 0.5, 1: 0.75}
"""Where on its share of the arc each ring puts a person, so people on different rings of a quarter do not line
up on one ray with their labels on top of each other."""
STAGGER = 26.0
"""How far every other person on a crowded arc is moved outwards, so their labels do not overlap."""
MIN_SPACING = 95.0
"""Below this distance along the arc between neighbours, the arc counts as crowded."""
MAX_NAME_CHARS = 22
LINE_HEIGHT = 15.0
LABEL_GAP = 8.0
"""Between a node (with room for the kinship ring) and its label."""
FONT_SIZE = 13.0
CHAR_WIDTH = 7.4
"""A generous average width of a character at FONT_SIZE, for keeping labels inside the picture."""
SIDE_LABEL_COS = 0.7
"""People this close to the horizontal axis get their label beside them (outwards) first, not above or below."""

# Shorter wording where the table's relation label is too long for the drawing; the table has the full one.
SHORT_RELATION = {
    Relation.AUNT_UNCLE: "Moster/morbror m.fl.",
    Relation.PROFESSIONAL: "Lärare/yrkesperson",
}


@dataclass(frozen=True)
class NetworkPerson:
    """One person of the network as the drawing needs them."""

    key: str
    name: str
    relation: Relation
    importance: int
    kinship_candidate: bool = False
    protected_from: bool = False


@dataclass(frozen=True)
class PlacedPerson:
    person: NetworkPerson
    group: RelationGroup
    ring: int
    x: float
    y: float
    lines: tuple[str, ...]
    """The label: name, relation, and "skydd" for a person the child is protected from."""
    label_x: float
    label_y: float
    """Baseline of the label's first line. Labels point away from the child: beside people near the horizontal
    axis, above people in the upper half and below people in the lower half."""
    anchor: str
    """SVG text-anchor of the label: start, middle or end."""

    def label_box(self) -> Box:
        """(left, top, right, bottom) of the label, estimated from its longest line."""
        return _label_box(self.label_x, self.label_y, self.anchor, self.lines)


@dataclass(frozen=True)
class Sector:
    group: RelationGroup
    label: str
    label_x: float
    label_y: float
    anchor: str
    count: int


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    centre_x: float
    centre_y: float
    child_radius: float
    node_radius: float
    line_height: float
    ring_radii: tuple[float, ...]
    sectors: tuple[Sector, ...]
    people: tuple[PlacedPerson, ...]


def people_of(network: ChildNetwork) -> list[NetworkPerson]:
    """The network's members, with the kinship candidates and the persons the child is protected from marked."""
    candidates = {person.id for person in network.kinship_candidates()}
    return [
        NetworkPerson(
            key=str(person.id),
            name=person.name,
            relation=person.relation,
            importance=person.importance,
            kinship_candidate=person.id in candidates,
            protected_from=person.protected_from,
        )
        for person in network.people
    ]


def _ring(importance: int) -> int:
    return min(3, max(1, importance))


def _short(name: str) -> str:
    return name if len(name) <= MAX_NAME_CHARS else name[: MAX_NAME_CHARS - 1].rstrip() + "…"


def _label_lines(person: NetworkPerson) -> tuple[str, ...]:
    lines = [_short(person.name), SHORT_RELATION.get(person.relation, labels.RELATION[person.relation])]
    if person.protected_from:
        lines.append("skydd")
    return tuple(lines)


_RELATION_ORDER = {relation: index for index, relation in enumerate(Relation)}
_SECTOR_LABELS = {
    # In the corners, the emptiest part of a round drawing on a rectangle.
    RelationGroup.FAMILY: (16.0, 30.0, "start"),
    RelationGroup.RELATIVES: (WIDTH - 16.0, 30.0, "end"),
    RelationGroup.FRIENDS: (WIDTH - 16.0, HEIGHT - 12.0, "end"),
    RelationGroup.PROFESSIONALS: (16.0, HEIGHT - 12.0, "start"),
}


Box = tuple[float, float, float, float]
"""(left, top, right, bottom)"""


def _label_box(x: float, baseline: float, anchor: str, lines: tuple[str, ...]) -> Box:
    width = max(len(line) for line in lines) * CHAR_WIDTH
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, baseline - FONT_SIZE, left + width, baseline + (len(lines) - 1) * LINE_HEIGHT + 3


def _overlap(first: Box, second: Box) -> float:
    width = min(first[2], second[2]) - max(first[0], second[0])
    height = min(first[3], second[3]) - max(first[1], second[1])
    return width * height if width > 0 and height > 0 else 0.0


def _label_candidates(x: float, y: float, angle: float, line_count: int) -> list[tuple[float, float, str]]:
    """Where a label may go, best first: away from the child (beside people near the horizontal axis, above
    people in the upper half, below people in the lower half), then the other sides."""
    offset = NODE_RADIUS + LABEL_GAP
    middle = y - (line_count - 1) * LINE_HEIGHT / 2 + FONT_SIZE / 2 - 1
    above = (x, y - offset - (line_count - 1) * LINE_HEIGHT, "middle")
    below = (x, y + offset + FONT_SIZE, "middle")
    right, left = (x + offset, middle, "start"), (x - offset, middle, "end")
    # Corners: the label's near corner at the node's diagonal.
    diagonal = offset * 0.75
    corners = {
        (True, True): (x + diagonal, y - diagonal - (line_count - 1) * LINE_HEIGHT, "start"),  # above right
        (False, True): (x - diagonal, y - diagonal - (line_count - 1) * LINE_HEIGHT, "end"),  # above left
        (True, False): (x + diagonal, y + diagonal + FONT_SIZE, "start"),  # below right
        (False, False): (x - diagonal, y + diagonal + FONT_SIZE, "end"),  # below left
    }
    east, north = math.cos(angle) > 0, y < CENTRE_Y
    outward_side, inward_side = (right, left) if east else (left, right)
    outward_vertical, inward_vertical = (above, below) if north else (below, above)
    if abs(math.cos(angle)) >= SIDE_LABEL_COS:
        order = [outward_side, outward_vertical, corners[east, north], corners[east, not north]]
    else:
        order = [outward_vertical, outward_side, corners[east, north], corners[not east, north]]
    order += [corner for corner in corners.values() if corner not in order]
    order += [inward_side, inward_vertical]
    return [(round(lx, 1), round(ly, 1), anchor) for lx, ly, anchor in order]


def _place_labels(nodes: list[tuple[float, float, float, tuple[str, ...]]], fixed: list[Box]) -> list[tuple[float, float, str]]:
    """A label position per node (x, y, angle, lines), greedily, inner rings first: the first candidate that
    covers no node, no other label and stays in the picture, or else the one that covers least."""
    margin = 6.0
    obstacles = [*fixed, *((x - NODE_RADIUS - margin, y - NODE_RADIUS - margin, x + NODE_RADIUS + margin,
                           y + NODE_RADIUS + margin) for x, y, _, _ in nodes)]
    picture: Box = (0.0, 0.0, float(WIDTH), float(HEIGHT))
    chosen: dict[int, tuple[float, float, str]] = {}
    order = sorted(range(len(nodes)), key=lambda i: math.dist(nodes[i][:2], (CENTRE_X, CENTRE_Y)))
    for index in order:
        x, y, angle, lines = nodes[index]
        own = (x - NODE_RADIUS - margin, y - NODE_RADIUS - margin, x + NODE_RADIUS + margin, y + NODE_RADIUS + margin)
        best, best_cost = None, math.inf
        for candidate in _label_candidates(x, y, angle, len(lines)):
            box = _label_box(*candidate, lines)
            outside = (box[2] - box[0]) * (box[3] - box[1]) - _overlap(box, picture)
            cost = 10 * outside + sum(_overlap(box, other) for other in obstacles if other != own)
            if cost < best_cost:
                best, best_cost = candidate, cost
            if cost == 0:
                break
        chosen[index] = best
        obstacles.append(_label_box(*best, lines))
    return [chosen[index] for index in range(len(nodes))]


def layout(people: Iterable[NetworkPerson]) -> Drawing:
    """Positions for everyone: each group in its quarter, each importance on its ring, spread evenly.

    People on the same arc get distinct angles, and the rings (even with the stagger) have distinct radii,
    so no two people share a point. Labels then go where they cover least.
    """
    arcs: dict[tuple[RelationGroup, int], list[NetworkPerson]] = {}
    for person in people:
        arcs.setdefault((GROUP_OF[person.relation], _ring(person.importance)), []).append(person)

    points: list[tuple[NetworkPerson, RelationGroup, int, float, float, float]] = []
    usable = SECTOR_SPAN - 2 * SECTOR_PADDING
    for group in RelationGroup:
        for ring in (3, 2, 1):
            members = sorted(arcs.get((group, ring), []), key=lambda p: (_RELATION_ORDER[p.relation], p.name, p.key))
            if not members:
                continue
            radius = RING_RADIUS[ring]
            step = usable / len(members)
            crowded = len(members) > 1 and math.radians(step) * radius < MIN_SPACING
            for index, person in enumerate(members):
                angle = math.radians(SECTOR_START[group] + SECTOR_PADDING + step * (index + RING_PHASE[ring]))
                distance = radius + (STAGGER if crowded and index % 2 else 0.0)
                x = round(CENTRE_X + distance * math.cos(angle), 1)
                y = round(CENTRE_Y + distance * math.sin(angle), 1)
                points.append((person, group, ring, x, y, angle))

    counts = {group: sum(1 for point in points if point[1] == group) for group in RelationGroup}
    sectors = tuple(
        Sector(group, GROUP_LABEL[group], *_SECTOR_LABELS[group], count=counts[group]) for group in RelationGroup
    )
    child: Box = (CENTRE_X - CHILD_RADIUS, CENTRE_Y - CHILD_RADIUS, CENTRE_X + CHILD_RADIUS, CENTRE_Y + CHILD_RADIUS)
    sector_boxes = [_label_box(s.label_x, s.label_y, s.anchor, (s.label,)) for s in sectors]
    all_lines = [_label_lines(point[0]) for point in points]
    positions = _place_labels([(x, y, angle, lines) for (_, _, _, x, y, angle), lines in zip(points, all_lines)],
                              [child, *sector_boxes])
    placed = tuple(
        PlacedPerson(person, group, ring, x, y, lines, *position)
        for (person, group, ring, x, y, _), lines, position in zip(points, all_lines, positions)
    )
    return Drawing(
        width=WIDTH,
        height=HEIGHT,
        centre_x=CENTRE_X,
        centre_y=CENTRE_Y,
        child_radius=CHILD_RADIUS,
        node_radius=NODE_RADIUS,
        line_height=LINE_HEIGHT,
        ring_radii=tuple(RING_RADIUS[ring] for ring in (3, 2, 1)),
        sectors=sectors,
        people=placed,
    )


def _names(people: list[NetworkPerson]) -> str:
    items = [f"{p.name} ({labels.RELATION[p.relation].lower()})" for p in people]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def describe(drawing: Drawing, child_name: str) -> str:
    """The drawing in words, for its <desc>: who is in each group, the possible network homes, the protection."""
    if not drawing.people:
        return f"{child_name} i mitten. Inga personer är registrerade i nätverket ännu."
    total = len(drawing.people)
    parts = [f"{child_name} i mitten och {total} {'person' if total == 1 else 'personer'} runt omkring"]
    groups = [f"{GROUP_LABEL[s.group].lower()}: {s.count}" for s in drawing.sectors if s.count]
    sentences = [parts[0] + " (" + ", ".join(groups) + ")."]
    sentences.append("Ju närmare mitten, desto viktigare är personen för barnet.")
    everyone = [p.person for p in drawing.people]
    kin = [p for p in everyone if p.kinship_candidate]
    if kin:
        sentences.append(f"Möjliga nätverkshem: {_names(kin)}.")
    protected = [p for p in everyone if p.protected_from]
    if protected:
        sentences.append(f"Barnet ska skyddas från: {_names(protected)}.")
    sentences.append("Tabellen under ritningen visar samma uppgifter.")
    return " ".join(sentences)
