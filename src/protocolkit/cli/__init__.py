"""The command line: argument parsing, output and exit codes, nothing more.

``app.py`` holds the click group and what its commands share; the commands
live beside it by job: checks.py (validate, screen), cases.py (screening cases), composing.py (compose),
curricula.py, plans.py (treatment plans), requirements.py (requirement profiles), exporting.py, authoring.py, listings.py (what the catalog
holds), schemas.py and editing.py (the language server).  This package
module imports them so that they register on the group.

Exit codes: 0 no error (warnings allowed), 1 an error in what was checked or
asked for, 2 a usage error, an unreadable path or a fatal plugin problem.
Only click is imported at start-up; every command imports what it needs, so
``protocolkit --help`` and ``--version`` load neither jsonschema nor a plugin.
"""

from __future__ import annotations

import sys

# The commands register themselves on the group when imported; they import
# only click at module level, so this keeps --help and --version fast.
from protocolkit.cli import (authoring, cases, checks, composing, curricula, editing, exporting,  # noqa: F401
                             listings, plans, requirements, schemas, serving)
from protocolkit.cli import adapting  # noqa: F401
from protocolkit.cli import billing  # noqa: F401  # units
from protocolkit.cli import plugin_check  # noqa: F401  # check-plugin
from protocolkit.cli.app import cli

__all__ = ["cli", "main"]


def main() -> None:
    # A message may quote text that cannot be encoded (a lone surrogate escaped in
    # JSON): show it escaped rather than crash in the middle of a report.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    cli(prog_name="protocolkit")
