"""What pages claim about a condition, and what screening does with it: the checker behind
test_source_of_truth.

A claim is a pressure figure ("pressure 2 or less", "2 (light) at most",
"Walton 3", "light pressure", ...), that a condition rules out the session,
that it needs a clearance first, or that it rules out one modality.  What
screening does is worked out by ``restrictions.assess`` on an intake that
names that condition alone (unplaced, placed on a region the modality works,
and cleared), never read from the catalog field the page was written from.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

import attrs

from protocolkit.check.restrictions import ClientLimits, assess
from protocolkit.model.codes import CLEARANCE_MISSING, SYSTEMIC
from protocolkit.model.conditions import Intake, IntakeEntry
from protocolkit.model.rules import Rule
from protocolkit.plugin.catalog import Catalog
from protocolkit.report.rule_pages import catalog_rules, page_markdown, page_text

NO_SESSION, UNTIL_CLEARED = "no session", "until cleared"
NEVER, AREA = "never", "area"
# Condition ids that are everyday words, never read as a mention of the condition.
EVERYDAY_WORDS = {"other"}

_LEVEL_WORDS = {"light": 2, "moderate": 3}
_FIGURES = (
    # pressure 2, level 2, Walton 3, Walton level 3, pressure 1-2 (its upper end), pressure 4 or more
    (re.compile(r"\b(?:pressure|level|walton)(?: level)? ([1-5])(?:\s*(?:-|to)\s*([1-5]))?(?![\d,])"
                r"( or more| and above|\+)?", re.I),
     lambda m: int(m[2] or m[1]) - (1 if m[3] else 0)),
    # 2 at most, 2 (light) at most, 3 or less
    (re.compile(r"(?<![\w,.-])([1-5])(?: \((?:light|moderate|deep|maximal)\))? (?:at most|or less|or lower)\b",
                re.I), lambda m: int(m[1])),
    (re.compile(r"\b(at most|above|below|under) (?:pressure |level |walton )?([1-5])(?![\d,])", re.I),
     lambda m: int(m[2]) - (1 if m[1].lower() in ("below", "under") else 0)),
    # light pressure, light to moderate pressure, light-moderate pressure, keep the pressure light
    (re.compile(r"\b(light|moderate)(?:\s*(?:to|-)\s*(light|moderate))? pressure\b", re.I),
     lambda m: _LEVEL_WORDS[(m[2] or m[1]).lower()]),
    (re.compile(r"\bpressure (?:is |stays |kept )?(light|moderate)\b", re.I), lambda m: _LEVEL_WORDS[m[1].lower()]),
)
_SESSION_CLAIMS = (
    (UNTIL_CLEARED, re.compile(r"no session until|do not treat until|needs? (?:a|the) [\w' ]{0,40}?clearance|"
                               r"\bword before any massage", re.I)),
    (NO_SESSION, re.compile(r"no session(?! until)|do not treat(?! until)|no massage at all|"
                            r"rules? out (?:the (?:whole )?session|massage altogether|all massage)", re.I)),
)


def _modality_claims(modality: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    name = re.escape(modality)
    return ((UNTIL_CLEARED, re.compile(rf"\b(?:no|not with) {name} until [^;.]*", re.I)),
            (AREA, re.compile(rf"\bno {name} on the area[^;]*", re.I)),
            (NEVER, re.compile(rf"\bno {name}(?: steps)? at all\b|\bnever with {name}\b", re.I)))


def figures(text: str) -> list[tuple[int, int]]:
    """Every pressure figure in ``text``, in order: (position, the ceiling it states)."""
    return sorted((match.start(), level(match)) for pattern, level in _FIGURES for match in pattern.finditer(text))


def strings(data: object) -> Iterator[str]:
    """Every string in JSON-ready ``data``."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


@attrs.frozen
class Truth:
    session: str | None  # NO_SESSION, UNTIL_CLEARED or None (treat)
    ceilings: frozenset[int]  # every ceiling the condition puts on the modality's steps (any region)
    modality: str | None  # NEVER, UNTIL_CLEARED, AREA or None: what it does to the modality's steps alone


class Checker:
    """Compares what pages claim with what screening does, collecting every disagreement."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.problems: list[str] = []
        self._truths: dict[tuple[str, str | None], Truth] = {}
        words: dict[str, str | None] = {}
        for condition in catalog.conditions.values():
            for word in {condition.id, condition.id.replace("-", " "), condition.name.lower(),
                         condition.name.split(" (")[0].lower()} - EVERYDAY_WORDS:
                # A word two conditions share ("high blood pressure") names neither for sure.
                words[word] = condition.id if words.get(word, condition.id) == condition.id else None
        self.names = {word: cid for word, cid in words.items() if cid is not None}
        alternatives = "|".join(re.escape(word) for word in sorted(self.names, key=len, reverse=True))
        self._mention = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I)

    def truth(self, condition_id: str, modality: str | None) -> Truth:
        key = (condition_id, modality)
        if key not in self._truths:
            self._truths[key] = self._screen(condition_id, modality)
        return self._truths[key]

    def _screen(self, condition_id: str, modality: str | None) -> Truth:
        # Placed on a region the modality works (a local condition needs one), unplaced, and cleared.
        worked = self.catalog.modalities[modality].regions if modality else ()
        somewhere = worked[0] if worked else "upper-back"

        def limits(region: str | None = None, clearance: tuple[str, ...] = ()) -> ClientLimits:
            entry = IntakeEntry(condition_id, ("conditions", 0), region=region)
            return assess(Intake("C-TRUTH", [entry], clearance), self.catalog)

        unplaced, placed, cleared = limits(), limits(somewhere), limits(clearance=(condition_id,))
        codes = {blocker.code for blocker in unplaced.blockers if blocker.condition == condition_id}
        session = NO_SESSION if SYSTEMIC.code in codes else UNTIL_CLEARED if CLEARANCE_MISSING.code in codes else None
        own = [limit for result in (unplaced, placed) for limit in result.limits
               if limit.condition.id == condition_id and limit.modality in (None, modality)]
        ceilings = frozenset(limit.max_pressure.level for limit in own if limit.max_pressure is not None)

        def scoped(result: ClientLimits, everywhere: bool) -> bool:
            return any(limit.modality == modality and limit.off_limits and (limit.regions is None) == everywhere
                       for limit in result.limits)

        if modality is None:
            effect = None
        elif scoped(placed, everywhere=False):
            effect = AREA
        elif scoped(unplaced, everywhere=True):
            effect = UNTIL_CLEARED if not scoped(cleared, everywhere=True) else NEVER
        else:
            effect = None
        return Truth(session, ceilings, effect)

    def mentions(self, text: str) -> list[tuple[int, str]]:
        return [(m.start(), self.names[m[0].lower()]) for m in self._mention.finditer(text)]

    # -- a claim about one named condition (a modality page's entry, a conditions-table row) ----------------
    def entry(self, where: str, condition_id: str, modality: str | None, text: str, *,
              claims: Collection[str] = (), modality_claims: Collection[str] = (), complete: bool = True) -> None:
        """``text`` says what screening does with ``condition_id``; ``complete``: it says all of it."""
        truth = self.truth(condition_id, modality)
        mod_claims = set(modality_claims)
        if modality is not None:
            for effect, pattern in _modality_claims(modality):
                mod_claims |= {effect} if pattern.search(text) else set()
                text = pattern.sub("", text)
        said = set(claims) | {claim for claim, pattern in _SESSION_CLAIMS if pattern.search(text)}
        printed = {level for _, level in figures(text)}
        wrong = printed - truth.ceilings
        if wrong:
            self.problems.append(f"{where}: {condition_id} prints pressure {sorted(wrong)}, screening enforces "
                                 f"{sorted(truth.ceilings) or 'no ceiling'}")
        if complete and truth.ceilings - printed:
            self.problems.append(f"{where}: {condition_id} leaves out the ceiling {sorted(truth.ceilings - printed)}")
        expected = {truth.session} - {None}
        # A whole entry says exactly what screening does; a sentence in prose may say less.
        if (said != expected) if complete else not said <= expected:
            self.problems.append(f"{where}: {condition_id} reads as {sorted(said) or 'treat'}, screening: "
                                 f"{truth.session or 'treat'}")
        if modality is not None:
            implied = {NEVER} if truth.session == NO_SESSION else {UNTIL_CLEARED} if truth.session else set()
            allowed = ({truth.modality} - {None}) | implied
            if not mod_claims <= allowed or (complete and truth.modality and truth.modality not in mod_claims):
                self.problems.append(f"{where}: {condition_id} says {sorted(mod_claims) or 'nothing'} of "
                                     f"{modality}, screening: {truth.modality or 'nothing of its own'}")

    # -- free prose: a rule page, a modality's summary or pairings --------------------------------------
    def prose(self, where: str, text: str, modality: str | None = None) -> None:
        """Each claim in a sentence holds for the conditions it names; a figure for the nearest one."""
        for sentence in re.split(r"(?<=[.;!?])\s+", text):
            named = self.mentions(sentence)
            if not named:
                continue
            stated: dict[str, set[int]] = {}
            for at, level in figures(sentence):
                before = [cid for position, cid in named if position < at]
                stated.setdefault(before[-1] if before else named[0][1], set()).add(level)
            for cid, levels in stated.items():
                self.entry(where, cid, modality, ", ".join(f"pressure {level} at most" for level in sorted(levels)),
                           complete=False)
            claimed = {claim for claim, pattern in _SESSION_CLAIMS if pattern.search(sentence)}
            for cid in dict.fromkeys(cid for _, cid in named) if claimed else ():
                self.entry(where, cid, modality, "", claims=claimed, complete=False)

    # -- whole pages --------------------------------------------------------------------------------------
    def modality_text(self, modality_id: str, text: str) -> None:
        where = f"show {modality_id}"
        listed = [c.id for c in self.catalog.modalities[modality_id].contraindications]
        # (condition, the modality it is shown for (None: a condition it implies), claims, its lines)
        entries: list[tuple[str, str | None, set[str], list[str]]] = []
        current: tuple[str, str | None, set[str], list[str]] | None = None
        other: list[str] = []
        section = False
        for line in text.splitlines():
            section = line.startswith("Contraindications") or (section and line.startswith("  "))
            match = re.match(r"^(  |    with )([a-z0-9-]+) \(([^)]*)\): (.*)$", line) if section else None
            if match:
                head = match[1] == "  "
                entries.append((match[2], modality_id if head else None,
                                {NO_SESSION} if match[3] == "systemic" else set(), [match[4]]))
                current = entries[-1] if head else current
            elif section and current is not None:
                current[3].append(line)
            elif not section:
                other.append(line)
        heads = [cid for cid, shown_for, _, _ in entries if shown_for is not None]
        if heads != listed:
            self.problems.append(f"{where}: lists {heads}, the modality names {listed}")
        for cid, shown_for, claims, lines in entries:
            self.entry(where, cid, shown_for, " ".join(lines), claims=claims)
        self.prose(where, "\n".join(other), modality_id)

    def modality_json(self, modality_id: str, data: dict[str, object]) -> None:
        where = f"show {modality_id} --format json"
        items = data.pop("contraindications")
        assert isinstance(items, list)
        for item in items:
            adds = item["modality_adds"]
            mod_claims = {({"systemic": NEVER, "local": AREA, "caution": UNTIL_CLEARED}[adds["category"]])} if adds \
                else set()
            text = " ".join([item["restriction"], item["enforced"], item["reason"],
                             adds["restriction"] if adds else ""])
            self.entry(where, item["id"], modality_id, text, modality_claims=mod_claims,
                       claims={NO_SESSION} if item["category"] == "systemic" else set())
            for other in item["implies"]:
                self.entry(f"{where} (with {item['id']})", other["id"], None, other["restriction"],
                           claims={NO_SESSION} if other["category"] == "systemic" else set())
        for text in strings(data):
            self.prose(where, text, modality_id)

    def rule_pages(self) -> None:
        for rule, owner in catalog_rules(self.catalog):
            self.rule_page(rule, owner)

    def rule_page(self, rule: Rule, owner: str | None = None) -> None:
        for line in page_markdown(rule, owner).splitlines():
            self.prose(f"{rule.code}.md", line)
        unit: list[str] = []
        indent = None
        for line in [*page_text(rule, owner).splitlines(), ""]:
            this = min(len(line) - len(line.lstrip(" ")), 4) if line.strip() else None
            if this != indent or this == 4:
                self.prose(f"protocolkit rule {rule.code}", " ".join(unit))
                unit = []
            indent = this
            unit.append(line.strip())

    def conditions_table(self, markdown: str) -> None:
        words = {"never used": NEVER, "kept off the area": AREA, "only once cleared": UNTIL_CLEARED}
        for line in markdown.splitlines():
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            match = re.fullmatch(r"`([a-z0-9-]+)`", cells[0]) if cells else None
            if match is None or match[1] not in self.catalog.conditions:
                continue
            cid, category, restriction, stricter = match[1], cells[1], cells[2], cells[3]
            self.entry(f"conditions table, {cid}", cid, None, restriction,
                       claims={NO_SESSION} if category == "systemic" else set())
            claimed = dict(part.split(": ", 1) for part in stricter.split("; ") if ": " in part)
            for modality in self.catalog.modalities:
                said = words.get(claimed.get(modality, ""))
                if said != self.truth(cid, modality).modality:
                    self.problems.append(f"conditions table, {cid}: says {said or 'nothing'} of {modality}, "
                                         f"screening: {self.truth(cid, modality).modality or 'nothing of its own'}")
