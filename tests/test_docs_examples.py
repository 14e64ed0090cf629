"""docs/plugins.md's named examples run as written: the region tour, the anatomy-order rule, its tests, intakes.

A fenced ``python`` block whose first line is a comment naming a file
(``# anatomy_order.py``) is an example a reader would save under that name.
Each is executed here: the rule module is loaded as the plugin
``anatomy-order`` beside the installed plugins (as its entry point would load
it), and the test modules' ``test_*`` functions are called with the
``protocolkit_catalog`` a plugin author's suite would get.  The tables the
guide keeps of the region and condition fields, and of the condition
families, are checked against the model and the catalog so they cannot go
stale.
"""

from __future__ import annotations

import inspect
import re
import sys
import types
from collections.abc import Callable, Iterator

import attrs
import pytest

import protocolkit
from protocolkit.model.conditions import Condition
from protocolkit.model.regions import Region
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog

from .conftest import ROOT

GUIDE_TEXT = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
_NAMED = re.compile(r"^```python\n# ([a-z_]+\.py)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
EXAMPLES = {name: f"# {name}\n{body}" for name, body in _NAMED.findall(GUIDE_TEXT)}
PLUGIN = "anatomy-order"  # the entry point's name in the guide


def _section(heading: str) -> str:
    """The text under ``## heading`` (its ``###`` parts included), up to the next ``##``."""
    parts = re.split(r"^## (.+)$", GUIDE_TEXT, flags=re.MULTILINE)
    return next(body for title, body in zip(parts[1::2], parts[2::2], strict=True) if title.strip() == heading)


def _module(name: str, code: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = f"<docs/plugins.md {name}.py>"
    exec(compile(code, module.__file__, "exec"), module.__dict__)  # noqa: S102 - the guide's own examples
    return module


@pytest.fixture(scope="module")
def anatomy_order() -> Iterator[tuple[types.ModuleType, Catalog]]:
    """The guide's rule, importable as ``anatomy_order`` and loaded as the plugin ``anatomy-order``."""
    module = _module("anatomy_order", EXAMPLES["anatomy_order.py"])
    # The module under both names: tests import it by its module name, the host loads it by the plugin's.
    sys.modules["anatomy_order"] = sys.modules[PLUGIN] = module
    try:
        warnings: list[str] = []
        catalog = load_catalog(local_modules=[PLUGIN], environ={}, warn=warnings.append)
        assert warnings == [], "the anatomy-order example fails to load as a plugin"
        yield module, catalog
    finally:
        sys.modules.pop("anatomy_order", None)
        sys.modules.pop(PLUGIN, None)


def _test_names(name: str) -> list[str]:
    """The test functions an example test module defines (read, not run: it imports the rule's module)."""
    return re.findall(r"^def (test_[a-z_]+)\(", EXAMPLES.get(name, ""), flags=re.MULTILINE)


def _run(name: str, test: str, catalog: Catalog) -> None:
    """Run one test of an example test module, with the fixtures a plugin's suite would have."""
    function: Callable[..., None] = getattr(_module(name.removesuffix(".py"), EXAMPLES[name]), test)
    fixtures = {"protocolkit_catalog": catalog}
    function(**{argument: fixtures[argument] for argument in inspect.signature(function).parameters})


def test_the_guide_names_its_examples() -> None:
    # Guards the tests below against passing vacuously.
    assert {"regions_tour.py", "anatomy_order.py", "test_anatomy_order.py", "test_screening.py"} <= set(EXAMPLES)


def test_the_region_tour_runs() -> None:
    _module("regions_tour", EXAMPLES["regions_tour.py"])


def test_the_anatomy_order_rule_trips_on_the_calf_first_and_not_on_the_thigh_first(
        anatomy_order: tuple[types.ModuleType, Catalog]) -> None:
    module, catalog = anatomy_order
    assert catalog.rules.owner("ORD001") == PLUGIN
    broken = [(f.code, f.json_path) for f in protocolkit.validate_text(module.CALF_FIRST, catalog)]
    assert broken == [("ORD001", "$.steps[0].region")]
    assert protocolkit.validate_text(module.THIGH_FIRST, catalog) == []


def test_the_anatomy_order_rule_compares_one_limb_and_one_side(anatomy_order: tuple[types.ModuleType, Catalog]) -> None:
    module, catalog = anatomy_order

    def codes(text: str) -> list[str]:
        return [finding.code for finding in protocolkit.validate_text(text, catalog)]

    def steps(*regions_and_sides: tuple[str, str]) -> str:
        head = module.THIGH_FIRST.split("steps:\n")[0] + "steps:\n"
        length = 10 // len(regions_and_sides)
        return head + "".join(f"  - modality: swedish\n    technique: effleurage\n    region: {region}\n"
                              f"    side: {side}\n    duration: {length}m\n    pressure: light\n"
                              for region, side in regions_and_sides)

    assert codes(steps(("calf", "both"), ("posterior-thigh", "left"))) == ["ORD001"]  # both includes the left
    assert codes(steps(("calf", "left"), ("posterior-thigh", "right"))) == []
    assert codes(steps(("calf", "left"), ("anterior-thigh", "left"))) == ["ORD001"]  # any thigh region
    assert codes(steps(("anterior-thigh", "left"), ("posterior-thigh", "left"))) == []  # one level
    assert codes(steps(("foot", "left"), ("upper-back", "both"))) == []  # off a limb


@pytest.mark.parametrize("test", _test_names("test_anatomy_order.py"))
def test_the_guides_plugin_tests_pass(test: str, anatomy_order: tuple[types.ModuleType, Catalog]) -> None:
    _run("test_anatomy_order.py", test, anatomy_order[1])


@pytest.mark.parametrize("test", _test_names("test_screening.py"))
def test_the_guides_intake_tests_pass(test: str, anatomy_order: tuple[types.ModuleType, Catalog]) -> None:
    _run("test_screening.py", test, anatomy_order[1])


# -- the guide's tables against the model and the catalog ----------------------------------------------


def _table_names(section: str) -> set[str]:
    """The names in the first column of every table row under ``## section``."""
    cells = re.findall(r"^\| ([^|]+) \|", _section(section), flags=re.MULTILINE)
    return {name for cell in cells for name in re.findall(r"`([a-z_]+)`", cell)}


def test_every_region_field_is_in_the_guide() -> None:
    fields = {field.name for field in attrs.fields(Region)}
    assert fields - _table_names("The body: regions") == set()


def test_every_condition_field_is_in_the_guide() -> None:
    fields = {field.name for field in attrs.fields(Condition)}
    assert fields - _table_names("Conditions") == set()


def test_the_families_table_is_the_catalogs(anatomy_order: tuple[types.ModuleType, Catalog]) -> None:
    _, catalog = anatomy_order
    section = _section("Conditions")
    table = section[section.index("| family | members |"):].split("\n\n")[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| (.*) \|$", table, flags=re.MULTILINE)
    written = {family: re.findall(r"`([a-z-]+)`", members) for family, members in rows}
    families: dict[str, list[Condition]] = {}
    for condition in catalog.conditions.values():
        if condition.family:
            families.setdefault(condition.family, []).append(condition)
    expected = {family: [c.id for c in sorted(members, key=lambda c: (-c.strictness, c.id))]
                for family, members in families.items()}
    assert written == expected
    loners = sorted(c.id for c in catalog.conditions.values() if not c.family)
    assert all(f"`{condition_id}`" in section for condition_id in loners)
