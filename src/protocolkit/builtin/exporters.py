"""The core's export formats, registered through the public exporters hook.

Each renderer is imported only when its format is asked for, so registering
the three costs nothing at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from protocolkit.model.export import ExportContext, Exporter
from protocolkit.plugin.hookspecs import hookimpl


def _lazy(module: str) -> Callable[[ExportContext], str]:
    def render(context: ExportContext) -> str:
        renderer: Callable[[ExportContext], str] = importlib.import_module(f"protocolkit.export.{module}").render
        return renderer(context)

    return render


CORE_EXPORTERS = (
    Exporter("markdown", "the session sheet as Markdown, for handbooks", ".md", _lazy("markdown")),
    Exporter("html", "a printable, self-contained session sheet with a timeline (A4 and Letter)", ".html",
             _lazy("html")),
    Exporter("fhir", "an HL7 FHIR Bundle: a PlanDefinition and an ActivityDefinition per technique "
                     "(--fhir-version R5 or R4B)", ".json", _lazy("fhir")),
)


@hookimpl
def protocolkit_register_exporters(register: Callable[[Exporter], None]) -> None:
    for exporter in CORE_EXPORTERS:
        register(exporter)
