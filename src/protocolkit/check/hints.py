"""Did-you-mean hints for an intake's unknown condition and region ids, built so they cannot mislead.

A hint on an intake can hurt: following it changes what screening believes
about a client.  So hints come from two places only:

- the curated synonyms the plugins register (``slipped-disc`` means
  'disc-herniation'), which a person wrote down on purpose;
- spelling, within a small edit distance of an id (or a synonym) and only
  when the closest candidates all belong to one family of conditions.

Spelling never leads to an endangerment site (a region hint to the tarsal
tunnel for "ankle" would put the wrong, tiny area off limits), never crosses
families (``scabies`` is not a misspelling of 'sedatives'), and a condition
hint always names its family's stricter members beside it.  Every message
ends with the safe way out: write the condition as ``other`` with a note.
Nothing here ever suggests deleting a condition.
"""

from __future__ import annotations

from collections.abc import Iterable

from protocolkit.model.conditions import Condition
from protocolkit.model.synonyms import Synonym
from protocolkit.model.regions import normalise
from protocolkit.plugin.catalog import Catalog

WRITE_AS_OTHER = ("check the spelling against 'protocolkit conditions', or write it as 'other' with a note saying "
                  "what it is (verdict: do not treat until a clinician has reviewed it)")


def edit_distance(word: str, other: str, limit: int) -> int:
    """Levenshtein distance between two words, or ``limit + 1`` once it is sure to exceed ``limit``.

    Only a band of width ``2 * limit + 1`` is computed, so the cost is linear
    in the words' length however long a typed id is."""
    if abs(len(word) - len(other)) > limit:
        return limit + 1
    previous = list(range(len(other) + 1))
    for i, letter in enumerate(word, start=1):
        low, high = max(1, i - limit), min(len(other), i + limit)
        current = [i] + [limit + 1] * len(other)
        for j in range(low, high + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other[j - 1]))
        if min(current[max(0, low - 1):high + 1]) > limit:
            return limit + 1
        previous = current
    return min(previous[len(other)], limit + 1)


def allowed_distance(word: str) -> int:
    """How many typing slips a hint forgives: one in a short word, two in most, three in a long one."""
    return 1 if len(word) <= 5 else 2 if len(word) <= 11 else 3


def _closest(word: str, spellings: Iterable[tuple[str, str]]) -> list[str]:
    """The targets of the spellings nearest to ``word`` within the allowed distance (nearest first, ties kept)."""
    limit = allowed_distance(word)
    best, found = limit + 1, []
    for spelling, target in spellings:
        distance = edit_distance(word, spelling, min(limit, best))
        if distance < best:
            best, found = distance, [target]
        elif distance == best and distance <= limit and target not in found:
            found.append(target)
    return found if best <= limit else []


def _synonyms(catalog: Catalog, kind: str) -> dict[str, Synonym]:
    return {synonym.word: synonym for synonym in catalog.synonyms.values() if synonym.kind == kind}


def condition_candidates(word: str, catalog: Catalog) -> list[Condition]:
    """What ``word`` may mean: a curated synonym's conditions, else one family's closest spellings."""
    word = normalise(word)
    conditions = catalog.conditions
    synonyms = _synonyms(catalog, "condition")
    if word in synonyms:
        return [conditions[target] for target in synonyms[word].targets if target in conditions]
    spellings = [(condition_id, condition_id) for condition_id in conditions]
    spellings += [(synonym.word, target) for synonym in synonyms.values() for target in synonym.targets
                  if target in conditions]
    found = [conditions[target] for target in _closest(word, spellings)]
    if len({condition.family_id for condition in found}) != 1:
        return []  # nothing close, or close to unrelated conditions: a guess would cross families
    return found


def suggest_condition(word: str, catalog: Catalog) -> str:
    """A did-you-mean for an unknown condition id that never steers to a milder condition.

    It names what the word may mean and the stricter members of that family
    beside it, so that "pregnant" is never answered with 'pregnancy' alone
    when 'high-risk-pregnancy' may be what the form said; and it always ends
    with the safe way to write a condition the catalog does not know."""
    found = condition_candidates(word, catalog)
    if not found:
        return WRITE_AS_OTHER
    families = {condition.family_id for condition in found}
    named = {condition.id for condition in found}
    mildest = min(condition.strictness for condition in found)
    stricter = sorted((c for c in catalog.conditions.values() if c.family_id in families and c.id not in named
                       and c.strictness > mildest), key=lambda c: (-c.strictness, c.id))
    also = (f" (check it is not a stricter one of its family: {', '.join(repr(c.id) for c in stricter)})"
            if stricter else "")
    return f"did you mean {_either(condition.id for condition in found)}?{also}; otherwise {WRITE_AS_OTHER}"


def suggest_region(word: str, catalog: Catalog) -> str | None:
    """A did-you-mean for an unknown region on an intake: a curated synonym's regions, else the closest id
    or alias by spelling, never an endangerment site by spelling alone; None when nothing fits."""
    word = normalise(word)
    regions = catalog.regions
    synonyms = _synonyms(catalog, "region")
    if word in synonyms:
        return _either(target for target in synonyms[word].targets if target in regions) or None
    spellings = [(spelling, region.id) for region in regions if not region.is_endangerment_site
                 for spelling in (region.id, *region.aliases)]
    found = _closest(word, spellings)
    return _either(found) if found else None


def _either(ids: Iterable[str]) -> str:
    quoted = [f"'{item}'" for item in ids]
    return " or ".join(quoted) if len(quoted) < 3 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
