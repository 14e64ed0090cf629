"""One pipeline for every document kind: check() gives the model it built and the findings."""

from __future__ import annotations

import pytest

from protocolkit.check.curriculum import CurriculumReport
from protocolkit.check.validation import CHECKS, check, validate_document
from protocolkit.export.context import export_context
from protocolkit.load.documents import load_document, parse_document
from protocolkit.model.conditions import Intake
from protocolkit.model.export import ExportContext
from protocolkit.model.protocol import Protocol
from protocolkit.plugin.catalog import Catalog

from .conftest import DATA, EXAMPLES


@pytest.mark.parametrize(("path", "model_type"), [
    (EXAMPLES / "upper-back-deep-tissue-60.yaml", Protocol),
    (EXAMPLES / "intakes" / "c-0042-varicose-anticoagulants.yaml", Intake),
    (EXAMPLES / "curricula" / "elap-style-programme.yaml", CurriculumReport),
    (EXAMPLES / "modalities" / "hot-stone.yaml", type(None)),
])
def test_each_kind_gives_its_model(catalog: Catalog, path: object, model_type: type) -> None:
    checked = check(load_document(str(path)), catalog)
    assert isinstance(checked.model, model_type)
    assert checked.findings == validate_document(load_document(str(path)), catalog)


def test_the_kinds_come_from_one_table() -> None:
    assert set(CHECKS) == {"protocol", "intake", "modality", "curriculum", "treatment-plan", "requirements",
                           "screening-case"}


def test_a_document_that_does_not_build_has_no_model(catalog: Catalog) -> None:
    checked = check(load_document(str(DATA / "broken" / "pk001-missing-keys.json")), catalog)
    assert checked.model is None and {f.code for f in checked.findings} == {"PK001"}
    unknown = check(parse_document("protocolkit: 1\nkind: recipe\n", path="r.yaml", fmt="yaml"), catalog)
    assert unknown.model is None and "must be one of: protocol, intake, modality, curriculum" in \
        unknown.findings[0].message


def test_export_renders_the_model_the_pipeline_built_or_says_what_stops_it(catalog: Catalog) -> None:
    context = export_context(load_document(str(EXAMPLES / "reflexology-45.yaml")), catalog)
    assert isinstance(context, ExportContext) and context.protocol.id == "reflexology-45"
    stopped = export_context(load_document(str(DATA / "broken" / "pk201-over.yaml")), catalog)
    assert isinstance(stopped, list) and [f.code for f in stopped] == ["PK201"]
    not_a_protocol = export_context(load_document(str(EXAMPLES / "intakes" / "c-0107-healthy.yaml")), catalog)
    assert not_a_protocol == []
