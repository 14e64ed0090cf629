"""A local plugin during whose registration hook SIGINT arrives, as when the user presses Ctrl-C."""

import signal

from protocolkit import hookimpl


@hookimpl
def protocolkit_register_techniques(register):
    signal.raise_signal(signal.SIGINT)
