"""Billing codes as data (issue 25): the seed plugins' codes, house modalities', and where each face shows them.

The seed plugins set a code only where the domain notes' sources name the
technique: 97124 for effleurage, petrissage and tapotement, 97140 for
myofascial release; everything else is left for the clinic to map.
"""

from __future__ import annotations

import pytest

from protocolkit.plugin.billing_codes import code_for
from protocolkit.plugin.catalog import Catalog

SEED_CODES = [
    ("swedish", "effleurage", "97124"), ("swedish", "petrissage", "97124"), ("swedish", "tapotement", "97124"),
    ("swedish", "friction", None), ("swedish", "vibration", None),
    ("sports", "effleurage", "97124"), ("sports", "petrissage", "97124"), ("sports", "tapotement", "97124"),
    ("sports", "compression", None), ("sports", "percussion", None), ("sports", "stretching", None),
    ("myofascial-release", "sustained-pressure", "97140"), ("myofascial-release", "skin-rolling", "97140"),
]
# No authoritative code was found for these modalities: the clinic maps them.
UNCODED_MODALITIES = ["deep-tissue", "trigger-point", "active-release", "reflexology"]


@pytest.mark.parametrize(("modality_id", "technique_id", "code"), SEED_CODES)
def test_the_seed_plugins_codes(catalog: Catalog, modality_id: str, technique_id: str, code: str | None) -> None:
    assert code_for(catalog, modality_id, technique_id) == code
    use = next(u for u in catalog.modalities[modality_id].techniques if u.technique == technique_id)
    if code is None:
        assert use.billing_source == ""
    else:  # a code always says where it comes from
        assert "chirocode.com article 07062" in use.billing_source


@pytest.mark.parametrize("modality_id", UNCODED_MODALITIES)
def test_modalities_without_a_source_carry_no_code(catalog: Catalog, modality_id: str) -> None:
    uses = catalog.modalities[modality_id].techniques
    assert uses and [use.billing_code for use in uses] == [None] * len(uses)
