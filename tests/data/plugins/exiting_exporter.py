"""A local plugin whose exporter calls sys.exit(0) instead of rendering."""

import sys

from protocolkit import Exporter, hookimpl


def _exit_instead(context):
    sys.exit(0)


@hookimpl
def protocolkit_register_exporters(register):
    register(Exporter("exit-list", "ends the program instead of exporting", ".txt", render=_exit_instead))
