"""The shape of a composed session: how much time each region takes, the order
regions are worked in, which position the client lies in for each, and the
time the session spends off the table (assessment, turning, education).

Sources.  Time per region follows the domain notes' "Session structure": a
75-110 minute full body gives the back 20-25 minutes, the posterior legs
15-20, the anterior legs 15-20, the feet 8-10, the abdomen 5-10, the arms
10-15 and the face and neck 5-10; a school's 60 minutes give about 20 to the
back, shoulders and neck, 20 to the pelvis, legs and feet, 5 to the abdomen and
10 to the arms, face and head.  The figures below sit between the two splits;
how a group's minutes divide between its regions (the upper back more than the
sacrum) is by size, and the chest, hip and joints, which the notes do not list,
are the project's conservative default.  Order and positions follow the notes'
60 minute example: prone first (back, neck and shoulders, then the arms, then
the glutes and legs), a turn of about two minutes, then supine; the head comes
last.  Assessment and education take about a twentieth of the session each
(one to four minutes): the project's default, since the notes' 60 minutes are
nearly all table time.
"""

from __future__ import annotations

from collections.abc import Sequence

from protocolkit.model.protocol import POSITIONS, Duration, Position

# Minutes of a full-body session (both sides together), by region.
REGION_MINUTES: dict[str, float] = {
    # back, shoulders and neck: 20-25 of 75-110, and a school's 20 of 60: the back weighs the most
    "upper-back": 10, "mid-back": 5, "lower-back": 6, "shoulder": 3, "sacrum": 1, "neck": 3.5,
    # posterior legs 15-20 (the hip is the project's default)
    "gluteal": 4, "posterior-thigh": 7, "calf": 5.5, "hip": 2,
    # anterior legs 15-20
    "anterior-thigh": 6.5, "medial-thigh": 2.5, "lateral-thigh": 2.5, "knee": 1.5, "shin": 3, "ankle": 1,
    # feet 8-10 of 75-110 and part of a school's 20 for pelvis, legs and feet; abdomen 5-10 (and a
    # school's 5 of 60); the chest is the project's default
    "foot": 5, "abdomen": 5, "chest": 3,
    # arms 10-15
    "upper-arm": 4, "elbow": 0.5, "forearm": 3.5, "wrist": 0.5, "hand": 2.5,
    # face and head (with the neck above, 5-10)
    "face": 3, "scalp": 1, "head": 1.5,
}
# A region the table does not list (a plugin's own) weighs as much as a small one.
OTHER_REGION_MINUTES = 2.0

# Prone: down the back, then the shoulders and neck, each arm, each leg (glutes with the leg).
# Supine: each leg, the abdomen and chest, each arm, then the neck and head.  Seated chair work:
# back, shoulders, neck, arms, head.
_ARM = ("upper-arm", "elbow", "forearm", "wrist", "hand")
_BACK = ("upper-back", "mid-back", "lower-back", "sacrum", "shoulder", "neck")
_LEG_BEHIND = ("gluteal", "hip", "posterior-thigh", "lateral-thigh", "medial-thigh", "knee", "calf", "ankle", "foot")
_LEG_FRONT = ("anterior-thigh", "medial-thigh", "lateral-thigh", "hip", "knee", "shin", "calf", "ankle", "foot")
_FRONT = (*_LEG_FRONT, "abdomen", "chest", *_ARM, "shoulder", "neck", "face", "scalp", "head")
ORDER: dict[str, tuple[str, ...]] = {
    "prone": (*_BACK, *_ARM, *_LEG_BEHIND),
    "side-lying": (*_BACK, *_ARM, *_LEG_BEHIND),
    "supine": _FRONT,
    "semi-reclined": _FRONT,
    "seated": ("upper-back", "shoulder", "neck", *_ARM, "scalp", "head", "face"),
}
# Limbs (and the glutes and shoulders) are worked one side at a time, the left side first.
SIDE_ORDER = ("left", "right")
_PAIRED_TRUNK = frozenset({"gluteal", "shoulder"})


def paired(region_id: str, limb: str | None) -> bool:
    """Whether a region is worked as a left and a right step rather than both at once."""
    return limb is not None or region_id in _PAIRED_TRUNK


def minutes(region_id: str) -> float:
    return REGION_MINUTES.get(region_id, OTHER_REGION_MINUTES)


def choose_positions(allowed: dict[str, Sequence[Position]]) -> dict[str, Position]:
    """One position per region, turning the client as few times as possible.

    Each region starts in its preferred position; then a position is given up
    whenever every region in it can lie in another position already in use (the
    one holding fewer regions first), so neck, shoulders and face are all worked
    supine but the back of the thigh keeps the client prone."""
    chosen = {region: positions[0] for region, positions in allowed.items() if positions}
    while True:
        used = sorted(set(chosen.values()), key=lambda p: (sum(1 for c in chosen.values() if c == p),
                                                             -POSITIONS.index(p)))
        for position in used:
            others = [p for p in used if p != position]
            moved = {region: next((p for p in allowed[region] if p in others), None)
                     for region, current in chosen.items() if current == position}
            if others and all(moved.values()):
                chosen.update({region: p for region, p in moved.items() if p is not None})
                break
        else:
            return chosen


def limb_rank(order: str, level: int) -> int:
    """Where a limb region (at ``level`` on its limb, proximal low) comes in its limb under a modality's
    ``compose_order``.  ``routine`` ranks every region alike, so the order above decides (it is close to
    proximal first already, but the supine hip comes after the thighs); ``proximal-to-distal`` puts the
    part nearer the trunk first (thigh, calf, foot; upper arm, forearm, hand), ``distal-to-proximal``
    the reverse.  Regions on one level keep the order above among themselves."""
    if order == "proximal-to-distal":
        return level
    if order == "distal-to-proximal":
        return -level
    return 0


def order_key(position: Position, region_id: str, side: str, rank: int = 0) -> tuple[int, int, int, int, int]:
    """Where a region (and side) comes in the session: position, then body order, limbs one side at a time.

    Side-lying, the client lies on one side and then the other, so everything on the left comes before
    everything on the right there (the trunk first), with one turn between.  ``rank`` (``limb_rank``)
    orders the regions within one limb before the body order does; it moves no limb as a whole."""
    sequence = ORDER.get(position, ())
    index = sequence.index(region_id) if region_id in sequence else len(sequence)
    block = _block(region_id)
    sided = side in SIDE_ORDER and (block is not None or region_id in _PAIRED_TRUNK)
    lying_on = 1 + SIDE_ORDER.index(side) if position == "side-lying" and sided else 0
    if block is not None and side in SIDE_ORDER:
        # A whole limb on one side, then the other: the block's first index, the side, then the region.
        start = min(sequence.index(r) for r in block if r in sequence) if any(r in sequence for r in block) else index
        return POSITIONS.index(position), lying_on, start * 2 + SIDE_ORDER.index(side), rank, index
    return POSITIONS.index(position), lying_on, index * 2, 0, 0


def turns(before: tuple[Position, str], after: tuple[Position, str]) -> bool:
    """Whether the client turns between two targets (position, side): a new position, or side-lying from one
    side onto the other."""
    return before[0] != after[0] or (after[0] == "side-lying" and before[1] == SIDE_ORDER[0]
                                     and after[1] == SIDE_ORDER[1])


def block_of(region_id: str) -> str:
    """The part of the body a region is worked with: an arm, a leg, or the trunk and head."""
    return "arm" if region_id in _ARM else "leg" if _block(region_id) else "trunk"


def _block(region_id: str) -> tuple[str, ...] | None:
    if region_id in _ARM:
        return _ARM
    if region_id in _LEG_BEHIND or region_id in _LEG_FRONT:
        return tuple(dict.fromkeys((*_LEG_BEHIND, *_LEG_FRONT)))
    return None


def off_table(duration: Duration) -> Duration:
    """The assessment's (and the education's) length: about a twentieth of the session, 1 to 4 minutes."""
    return Duration(60 * max(1, min(4, duration.seconds // 1200)))


def turn(duration: Duration) -> Duration:
    """Turning the client: about two minutes in an hour-long session (domain notes), a minute in a short one."""
    return Duration(120 if duration >= Duration(45 * 60) else 60)
