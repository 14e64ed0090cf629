"""The shipped examples are realistic protocols that validate without a single finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit.plugin.catalog import Catalog
from protocolkit.load.documents import load_document
from protocolkit.check.validation import validate_file

from .conftest import EXAMPLES

PROTOCOLS = sorted(EXAMPLES.glob("*.yaml"))


def test_there_are_at_least_four_examples_covering_every_seed_modality() -> None:
    assert len(PROTOCOLS) >= 4
    used = {step.get("modality") for path in PROTOCOLS for step in load_document(path).data["steps"]}
    assert {"swedish", "deep-tissue", "sports", "active-release", "myofascial-release", "trigger-point",
            "reflexology"} <= used


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_example_validates_clean(path: Path, catalog: Catalog) -> None:
    assert validate_file(str(path), catalog).findings == []
