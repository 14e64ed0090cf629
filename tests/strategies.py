"""Hypothesis strategies for the property tests: protocols, compose requests, intakes, mutated files.

Everything that needs real ids (modalities, techniques, conditions) takes a
catalog of the installed plugins, so what is drawn is real by construction.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from hypothesis import strategies as st

from protocolkit.load.documents import parse_document
from protocolkit.plugin.catalog import Catalog
from protocolkit.composition.engine import ComposeRequest
from protocolkit.composition.intents import INTENTS
from protocolkit.model.conditions import Clearance, Intake, IntakeEntry
from protocolkit.load.serialize import carry_positions
from protocolkit.model.protocol import ACTIVITIES, POSITIONS, SIDES, Duration, Modality, Pressure, Protocol, Step
from protocolkit.plugin.host import load_catalog
from protocolkit.model.regions import REGIONS



@functools.cache
def installed_catalog() -> Catalog:
    """Every installed plugin, loaded as the ``catalog`` fixture loads them.

    Strategies are built when the test module is imported, before any fixture
    exists, so they draw their ids from this copy; the tests check against the fixture.
    """
    return load_catalog(environ={}, warn=lambda message: None)


REGION_IDS: tuple[str, ...] = tuple(region.id for region in REGIONS)
SEED_MODALITIES = ("swedish", "deep-tissue", "sports", "active-release", "myofascial-release", "trigger-point",
                   "reflexology")

# -- text -----------------------------------------------------------------------------------------

# Strings a YAML 1.1 reader would turn into something else unless the dumper quotes them,
# and characters that mean something in YAML, JSON or a terminal.
TRICKY_WORDS = (
    "no", "No", "NO", "yes", "Yes", "on", "off", "On", "OFF", "true", "False", "null", "Null", "~", "y", "n",
    "10:30", "1:02:03", "190:20:30", "42", "-7", "+3", "0", "007", "3.14", ".5", "1e3", "1E-3", ".inf", "-.Inf",
    ".nan", "0x1F", "0o17", "0b101", "1_000", "2024-01-01", "2024-01-01T10:30:00Z", "2024-13-45",
    "#", "# not a comment", "a: b", "key:", ":", "- item", "-", "--", "---", "...", "? q", "[", "]", "{a: 1}",
    "[1, 2]", "'", "''", '"', '\\"', "\\", "\\n", "&anchor", "*alias", "!tag", "!!str", "%YAML", "@", "`", "|",
    ">", ",", "<<", "=", " ", "  leading", "trailing  ", " both ", "\u00a0nbsp", "\u3000wide space",
    "🙂", "💆‍♀️", "🇩🇪", "Schulter–Nacken", "„Zitat“", "…", "ß", "İ", "ﬁ", "é", "é", "مرحبا", "שלום", "日本語",
    "\u200bzero width", "\u200e", "\ufeffbom", "\u2028", "\u0085", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "%", "{{ jinja }}", "${VAR}",
)
# Printable text: any code point but surrogates and C0/C1 controls (tabs and newlines come
# separately, in notes).
_PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))


def scalar_lookalikes() -> st.SearchStrategy[str]:
    """Strings that a YAML 1.1 or 1.2 reader resolves to a number, boolean, null or date when
    they are written unquoted: numbers as strings in every notation, sexagesimal, words."""
    words = ("yes", "no", "on", "off", "y", "n", "true", "false", "null", "~", "")
    return st.one_of(
        st.sampled_from(words).flatmap(lambda word: st.sampled_from(sorted({word, word.title(), word.upper()}))),
        st.integers(-10**6, 10**21).map(str),
        st.floats().map(repr),
        st.floats().map(lambda number: f"{number:e}"),
        st.from_regex(r"[-+]?(0o[0-7]{1,4}|0x[0-9a-fA-F]{1,4}|0b[01]{1,4}|0[0-7]{1,3}|[0-9]{1,3}(_[0-9]{3})?"
                      r"|[0-9]{0,3}\.[0-9]{0,3}([eE][-+]?[0-9]{1,3})?|[0-9]{1,3}[eE][-+]?[0-9]{1,3}"
                      r"|[0-9]{1,3}(:[0-5]?[0-9]){1,2}|\.(inf|Inf|INF|nan|NaN|NAN))", fullmatch=True),
        st.dates().map(str),
        st.datetimes().map(lambda moment: moment.isoformat()),
    ).filter(bool)


def _mixed(alphabet: st.SearchStrategy[str], *, max_pieces: int = 4) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(TRICKY_WORDS), st.text(alphabet, min_size=1, max_size=10))
    return st.lists(piece, min_size=1, max_size=max_pieces).map("".join)


def titles() -> st.SearchStrategy[str]:
    """Non-empty printable one-line text, heavy on what YAML would misread."""
    return st.one_of(scalar_lookalikes(), st.sampled_from(TRICKY_WORDS).filter(bool), _mixed(_PRINTABLE))


def notes() -> st.SearchStrategy[str]:
    """Non-empty text that may also run over several lines and hold tabs."""
    return st.one_of(scalar_lookalikes(), _mixed(st.one_of(_PRINTABLE, st.sampled_from("\n\t\r "))))


def slugs() -> st.SearchStrategy[str]:
    words = st.sampled_from(("no", "yes", "on", "off", "true", "false", "null", "y", "n", "e1", "inf", "nan"))
    return st.one_of(words, st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,6}){0,3}", fullmatch=True))


def durations(*, longest: int = 6 * 3600) -> st.SearchStrategy[Duration]:
    """Positive durations: whole minutes and seconds, odd seconds, and the odd enormous one."""
    return st.one_of(
        st.integers(1, longest // 60).map(lambda minutes: Duration(minutes * 60)),
        st.integers(1, longest),
        st.integers(longest, 10**7),
    ).map(lambda value: value if isinstance(value, Duration) else Duration(value))


# -- protocols ------------------------------------------------------------------------------------

def hands_on_steps(catalog: Catalog) -> st.SearchStrategy[Step]:
    """A hands-on step with a real modality and one of its techniques, on a real region."""
    modalities = sorted(catalog.modalities)

    @st.composite
    def build(draw: st.DrawFn) -> Step:
        modality = catalog.modality(draw(st.sampled_from(modalities)))
        return Step(
            duration=draw(durations(longest=3600)),
            modality=modality.id,
            technique=draw(st.sampled_from([use.technique for use in modality.techniques])),
            region=draw(st.sampled_from(REGION_IDS)),
            side=draw(st.sampled_from(SIDES)),
            pressure=Pressure(draw(st.integers(1, 5))),
            lubricant=draw(st.none() | st.booleans()),
            notes=draw(st.none() | notes()),
        )

    return build()


def activity_steps() -> st.SearchStrategy[Step]:
    return st.builds(Step, duration=durations(longest=1800), activity=st.sampled_from(ACTIVITIES),
                     notes=st.none() | notes())


def protocols(catalog: Catalog) -> st.SearchStrategy[Protocol]:
    """Valid protocols: schema-valid ids and durations, 1-8 steps indexed by position."""
    intents = sorted({intent for m in catalog.modalities.values() for intent in m.intents})

    @st.composite
    def build(draw: st.DrawFn) -> Protocol:
        steps = draw(st.lists(st.one_of(hands_on_steps(catalog), activity_steps()), min_size=1, max_size=8))
        # A position written on some steps (or none), the rest carried over as loading does.
        written = [draw(st.none() | st.sampled_from(POSITIONS)) for _ in steps]
        default = draw(st.none() | st.sampled_from(POSITIONS))
        steps = [attrs.evolve(step, index=index, position=position, position_written=position is not None)
                 for index, (step, position) in enumerate(zip(steps, written, strict=True))]
        return Protocol(
            id=draw(slugs()),
            title=draw(titles()),
            duration=draw(durations()),
            steps=carry_positions(steps, default),
            intent=draw(st.none() | st.sampled_from(intents) | slugs()),
            goals=draw(st.lists(slugs(), max_size=4, unique=True)),
            position=default,
        )

    return build()


# -- intakes and compose requests -----------------------------------------------------------------

LEG_SYMPTOMS = (None, True, False)
APPROACHES = (None, "posterior", "anterior", "lateral", "unknown")
# The session's day for drawn intakes: fixed, so a derandomized run is the same run every day.
SESSION_DAY = date(2026, 12, 7)


def intakes(catalog: Catalog, near: Sequence[str] = (), *, systemic: bool = False) -> st.SearchStrategy[Intake]:
    """An intake of condition ids from the whole catalog: conditions that act at a site
    (local ones, lymphedema, diabetes) with a region (often one of ``near``) and side, or
    now and then none; others as conditions or medications; clearances for some of them,
    bare or with a pressure level; with ``systemic``, a systemic condition too.  Entries
    now and then say widespread, leg symptoms (or none), a platelet count, a date (some after the
    session's day), weeks of pregnancy or a surgical approach."""
    conditions = catalog.conditions
    placed = sorted(cid for cid, c in conditions.items() if c.has_site)
    anywhere = sorted(cid for cid, c in conditions.items() if not c.has_site and c.category != "systemic")
    systemic_ids = sorted(cid for cid, c in conditions.items() if c.category == "systemic")
    regions = st.sampled_from(tuple(near)) | st.sampled_from(REGION_IDS) if near else st.sampled_from(REGION_IDS)

    @st.composite
    def build(draw: st.DrawFn) -> Intake:
        kinds = ["placed", "caution", "medication"] + (["systemic"] if systemic else [])
        chosen = draw(st.lists(st.sampled_from(kinds), max_size=4))
        entries: list[tuple[str, str | None, str]] = []
        medications: list[str] = []
        for kind in chosen:
            if kind == "placed":
                # One in eight placed conditions comes without its region: never a guess, always a refusal.
                region = draw(st.none() | regions) if draw(st.integers(0, 7)) == 0 else draw(regions)
                entries.append((draw(st.sampled_from(placed)), region,
                                draw(st.sampled_from(SIDES)) if region else "both"))
            elif kind in ("caution", "systemic"):
                entries.append((draw(st.sampled_from(anywhere if kind == "caution" else systemic_ids)), None, "both"))
            else:
                medication = draw(st.sampled_from(anywhere))
                if medication not in medications:
                    medications.append(medication)
        named = sorted({cid for cid, _, _ in entries} | set(medications))
        cleared = draw(st.lists(st.sampled_from(named), unique=True)) if named else []
        clearance = [Clearance(cid, draw(st.none() | st.integers(1, 5).map(Pressure))) for cid in cleared]
        # What an intake may say of a condition: widespread, leg symptoms (or not, or nothing), a platelet count.
        items = [IntakeEntry(cid, ("conditions", index), region, side,  # type: ignore[arg-type]
                             widespread=draw(st.integers(0, 5)) == 0, leg_symptoms=draw(st.sampled_from(LEG_SYMPTOMS)),
                             platelets=draw(st.none() | st.integers(0, 300_000)),
                             since=draw(st.none() | st.integers(-5, 200).map(lambda days: SESSION_DAY - timedelta(days))),
                             weeks=draw(st.none() | st.integers(0, 42)),
                             approach=draw(st.sampled_from(APPROACHES)))
                 for index, (cid, region, side) in enumerate(entries)]
        items += [IntakeEntry(cid, ("medications", index)) for index, cid in enumerate(medications)]
        client = draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,15}", fullmatch=True))
        return Intake(client, items, clearance, on=SESSION_DAY)

    return build()


def regions_of(modalities: Sequence[Modality]) -> tuple[str, ...]:
    """The regions at least one of ``modalities`` may work on (never an endangerment site: compose
    refuses those as targets, tests/test_compose.py shows how)."""
    return tuple(region for region in REGION_IDS if any(m.works_on(region) for m in modalities)
                 and not REGIONS.get(region).is_endangerment_site)


def compose_requests(catalog: Catalog, *, with_intake: bool | None = None,
                     systemic: bool = False) -> st.SearchStrategy[ComposeRequest]:
    """Valid compose arguments: 1-3 seed modalities, 1-3 regions they work on (sometimes by
    alias), 20m-2h in whole minutes or odd seconds, an intent they share, goals they list,
    maybe an id, maybe an intake."""
    seeds = [m for m in SEED_MODALITIES if m in catalog.modalities]

    @st.composite
    def build(draw: st.DrawFn) -> ComposeRequest:
        modalities = [catalog.modality(m) for m in draw(st.lists(st.sampled_from(seeds), min_size=1, max_size=3,
                                                                 unique=True))]
        region_ids = draw(st.lists(st.sampled_from(regions_of(modalities)), min_size=1, max_size=3, unique=True))
        words = [draw(st.sampled_from((region, *REGIONS.get(region).aliases))) for region in region_ids]
        duration = draw(st.one_of(st.integers(20, 120).map(lambda minutes: minutes * 60),
                                  st.integers(20 * 60, 2 * 3600)))
        shared = set.intersection(*(set(m.intents) for m in modalities if m.intents)) \
            if any(m.intents for m in modalities) else set()
        intent = draw(st.none() | st.sampled_from(sorted(shared))) if shared else None
        longest = INTENTS[intent].longest if intent in INTENTS else None
        if longest is not None:  # pre- and post-event sessions are short (compose refuses longer ones)
            duration = draw(st.integers(5, longest.seconds // 60)) * 60
        indications = sorted({goal for m in modalities for goal in m.indications})
        goals = draw(st.lists(st.sampled_from(indications), max_size=3, unique=True)) if indications else []
        include_intake = draw(st.booleans()) if with_intake is None else with_intake
        intake = draw(intakes(catalog, region_ids, systemic=systemic)) if include_intake else None
        return ComposeRequest(Duration(duration), words, [m.id for m in modalities], goals=goals, intent=intent,
                              protocol_id=draw(st.none() | slugs()), intake=intake)

    return build()


# -- mutated documents ----------------------------------------------------------------------------

# Bytes that mean something to a YAML or JSON reader, or that readers trip on.
TOKENS = (
    b":", b": ", b"-", b"- ", b"[", b"]", b"{", b"}", b",", b"?", b"? ", b"#", b"'", b'"', b"|", b">", b"|-",
    b"&a ", b"*a", b"&a", b"&a [*a]", b"&a {x: *a}", b"<<: *a\n", b"<<: ", b"!!", b"!!str ", b"!!int ",
    b"!!float ", b"!!binary ", b"!!timestamp ", b"!!set ", b"!!omap ", b"!!python/object:os.system ", b"!x ",
    b"%YAML 1.1\n", b"---\n", b"--- ", b"...\n", b"\t", b"\xef\xbb\xbf", b"\x00", b"\n", b"\r", b"\r\n", b"\\",
    b"~", b"null", b"true", b"no", b"10:30", b"1e400", b"-0", b"0x", b"2024-13-45", b"9" * 40, b".inf", b".nan",
    b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe2\x80\xa8", b"\xc2\x85", b"\xf0\x9f\x99\x82", b"NaN", b"Infinity",
    b'"\\ud800"', b'"\\u0000"', b"[[[[[[[[", b"{{{{{{{{", b"- - - - -", b"x" * 200,
)

Mutation = Callable[[st.DrawFn, bytes], bytes]


def _position(draw: st.DrawFn, data: bytes, *, end: bool = True) -> int:
    return draw(st.integers(0, len(data) if end else max(len(data) - 1, 0)))


def _flip(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    at = _position(draw, data, end=False)
    return data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1:]


def _replace_byte(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    at = _position(draw, data, end=False)
    return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]


def _delete(draw: st.DrawFn, data: bytes) -> bytes:
    at = _position(draw, data)
    return data[:at] + data[at + draw(st.integers(1, 24)):]


def _insert_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    at = _position(draw, data)
    return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]


def _insert_token(draw: st.DrawFn, data: bytes) -> bytes:
    at = _position(draw, data)
    return data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]


def _truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[:_position(draw, data)]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _line(draw: st.DrawFn, lines: list[bytes]) -> int:
    return draw(st.integers(0, len(lines) - 1))


def _duplicate_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    at = _line(draw, lines)
    lines.insert(at, lines[at] if lines[at].endswith(b"\n") else lines[at] + b"\n")
    return b"".join(lines)


def _swap_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    first, second = _line(draw, lines), _line(draw, lines)
    if not lines[-1].endswith(b"\n"):
        lines[-1] += b"\n"
    lines[first], lines[second] = lines[second], lines[first]
    return b"".join(lines)


def _indent(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    at = _line(draw, lines)
    body = lines[at].lstrip(b" \t")
    width = len(lines[at]) - len(body)
    how = draw(st.sampled_from(("deeper", "shallower", "tab", "none")))
    if how == "deeper":
        lines[at] = b" " * (width + draw(st.integers(1, 4))) + body
    elif how == "shallower":
        lines[at] = b" " * max(0, width - draw(st.integers(1, 4))) + body
    elif how == "tab":
        lines[at] = b"\t" + b" " * max(0, width - 2) + body
    else:
        lines[at] = body
    return b"".join(lines)


# Values and keys that keep a document readable but wrong in every way a reader can be surprised:
# other types, YAML 1.1 lookalikes, tags, anchors, real ids in the wrong place, other kinds.
VALUES = (
    b"", b"~", b"null", b"[]", b"{}", b"[1, 2]", b"{a: 1}", b"0", b"-1", b"99999999999999999999999", b"1e400",
    b"-.inf", b".nan", b"true", b"no", b"'no'", b"0o17", b"1e3", b"10:30", b"2024-01-01", b"!!binary aGk=",
    b"!!float 1", b"!!str 5", b"!!set {a}", b"!!omap [a: 1]", b"&a x", b"*a", b"&a [*a]", b'"\\ud800"',
    b'"\\x00"', b"|\n  block\n", b'"x" # comment', b"0m", b"0s", b"-5m", b"1h60m", b"99999999h", b"left",
    b"upper-back", b"hamstrings", b"effleurage", b"swedish", b"light", b"6", b"maximal", b"both", b"assessment",
    b'""', b"protocol", b"intake", b"modality", b"curriculum", b"x" * 300,
)
JSON_VALUES = (
    b"null", b"[]", b"{}", b"[1, 2]", b'{"a": 1}', b"0", b"-1", b"99999999999999999999999", b"1e400", b"-0.0",
    b"NaN", b"Infinity", b"true", b'"no"', b'"1e3"', b'"10:30"', b'"\\ud800"', b'"\\u0000"', b'""', b'"0m"',
    b'"-5m"', b'"left"', b'"upper-back"', b'"hamstrings"', b'"effleurage"', b'"swedish"', b'"light"', b"6",
    b'"both"', b'"assessment"', b'"protocol"', b'"intake"', b'"modality"', b'"curriculum"', b'"' + b"x" * 300 + b'"',
)
KEYS = (b"kind", b"protocolkit", b"id", b"steps", b"duration", b"activity", b"region", b"side", b"pressure",
        b"<<", b"? x", b"1", b"null", b"true", b"[a]", b"{a: 1}", b'"x"', b"&k key", b"*a", b"!!int 3", b"a b")
JSON_KEYS = (b'"kind"', b'"protocolkit"', b'"id"', b'"steps"', b'"duration"', b'"activity"', b'"region"',
             b'"side"', b'"pressure"', b'"<<"', b'""', b'"\\ud800"', b'"\\u0000"', b'"a b"', b'"1"')


def _value_line(draw: st.DrawFn, data: bytes) -> tuple[list[bytes], int, int] | None:
    """A line holding ``key: value`` (or ``"key": value``) and where its value starts."""
    lines = _lines(data)
    candidates = [index for index, line in enumerate(lines) if b": " in line]
    if not candidates:
        return None
    index = draw(st.sampled_from(candidates))
    return lines, index, lines[index].index(b": ") + 2


def _replace_value(draw: st.DrawFn, data: bytes) -> bytes:
    found = _value_line(draw, data)
    if found is None:
        return data
    lines, index, start = found
    ending = b"\n" if lines[index].endswith(b"\n") else b""
    json_comma = b"," if lines[index].rstrip().endswith(b",") else b""
    values = JSON_VALUES if data.lstrip().startswith(b"{") else VALUES
    lines[index] = lines[index][:start] + draw(st.sampled_from(values)) + json_comma + ending
    return b"".join(lines)


def _replace_key(draw: st.DrawFn, data: bytes) -> bytes:
    found = _value_line(draw, data)
    if found is None:
        return data
    lines, index, start = found
    line = lines[index]
    body = line.lstrip(b" \t-")
    keys = JSON_KEYS if data.lstrip().startswith(b"{") else KEYS
    lines[index] = line[:len(line) - len(body)] + draw(st.sampled_from(keys)) + line[start - 2:]
    return b"".join(lines)


MUTATIONS: dict[str, Mutation] = {
    "flip": _flip, "replace-byte": _replace_byte, "delete": _delete, "insert-bytes": _insert_bytes,
    "insert-token": _insert_token, "truncate": _truncate, "duplicate-line": _duplicate_line,
    "swap-lines": _swap_lines, "indent": _indent, "replace-value": _replace_value, "replace-key": _replace_key,
}


# Most byte-level edits stop the reader (PK002); edits of values and keys keep the file readable,
# so they get a larger share to reach the schema, the rules, screening and the curriculum checks.
_WEIGHTED = (*sorted(MUTATIONS), "replace-value", "replace-value", "replace-value", "replace-value", "replace-key")


def example_sources(examples: Path) -> list[tuple[str, bytes]]:
    """(relative name, bytes) of every example document, plus each YAML one rendered as JSON."""
    sources = []
    for path in sorted(examples.rglob("*.yaml")):
        name = str(path.relative_to(examples))
        raw = path.read_bytes()
        sources.append((name, raw))
        # Read as protocolkit reads it (YAML 1.2: a date stays text, 'on' stays a key), then written as JSON.
        data = parse_document(raw, path=name, fmt="yaml").data
        rendered = json.dumps(data, indent=2, ensure_ascii=False).encode()
        sources.append((name.removesuffix(".yaml") + ".json", rendered))
    return sources


def mutated_documents(sources: Sequence[tuple[str, bytes]], *,
                      max_mutations: int = 4) -> st.SearchStrategy[tuple[str, bytes]]:
    """(name, bytes) of one example after 1-``max_mutations`` random edits."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, bytes]:
        name, data = draw(st.sampled_from(sources))
        for _ in range(draw(st.integers(1, max_mutations))):
            data = MUTATIONS[draw(st.sampled_from(_WEIGHTED))](draw, data)
        return name, data

    return build()


def protocols_and_intakes(catalog: Catalog, protocols: Sequence[Protocol]) -> st.SearchStrategy[tuple[Protocol, Intake]]:
    """One of ``protocols`` (the examples, say) and an intake drawn as ``intakes`` draws them, its
    conditions placed mostly on the regions that protocol works, so that they catch its steps."""
    return st.sampled_from(tuple(protocols)).flatmap(
        lambda protocol: st.tuples(st.just(protocol), intakes(catalog, sorted(
            {str(step.region) for step in protocol.hands_on_steps if step.region in REGION_IDS}))))
