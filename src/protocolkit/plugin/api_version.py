"""The plugin API's version, and the warning a plugin gets for using what is on its way out.

The plugin API is what plugins may use: the names in ``protocolkit.__all__``,
the hooks in ``plugin/hookspecs.py`` (their names and arguments) and
``protocolkit.testing``.  ``PLUGIN_API_VERSION`` goes up by one whenever a
release removes or changes any of it incompatibly; adding a hook or a name
does not change it.  docs/plugin-api.md keeps the change log.

Deprecation, as pytest does it: a hook or hook argument listed below keeps
working for the API version it was deprecated in, and each plugin that uses it
gets a `ProtocolkitDeprecationWarning` naming the plugin and the replacement;
the next API version removes it.  The warning is a DeprecationWarning, so
Python shows it in a plugin's test run (pytest shows DeprecationWarnings) and
keeps it out of the way of someone who only runs the command.

Imported by ``import protocolkit`` users on first use of either name below: it
must stay this small (no attrs, no pluggy).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import NamedTuple

PLUGIN_API_VERSION = 1


class ProtocolkitDeprecationWarning(DeprecationWarning):
    """A plugin uses a hook, hook argument or name that the next plugin API version removes."""


class Deprecation(NamedTuple):
    """``since``: the API version that deprecated it; the one after removes it. ``instead``: what to use."""

    since: int
    instead: str


# Hooks on their way out, by name: none in API version 1.  A deprecated hook stays
# in hookspecs.py (so it still runs) until the version after ``since``.
DEPRECATED_HOOKS: dict[str, Deprecation] = {}
# Hook arguments on their way out, by (hook name, argument name): none in API version 1.
DEPRECATED_ARGUMENTS: dict[tuple[str, str], Deprecation] = {}


def deprecation_messages(plugin_name: str, hook_name: str, argnames: Iterable[str]) -> list[str]:
    """What ``plugin_name``'s implementation of ``hook_name`` (taking ``argnames``) uses that is deprecated."""
    messages = []
    hook = DEPRECATED_HOOKS.get(hook_name)
    if hook is not None:
        messages.append(f"plugin '{plugin_name}' implements '{hook_name}', deprecated in plugin API {hook.since} "
                        f"and removed in API {hook.since + 1}: implement '{hook.instead}' instead")
    for argname in argnames:
        argument = DEPRECATED_ARGUMENTS.get((hook_name, argname))
        if argument is not None:
            messages.append(f"plugin '{plugin_name}' takes argument '{argname}' in '{hook_name}', deprecated in "
                            f"plugin API {argument.since} and removed in API {argument.since + 1}: take "
                            f"'{argument.instead}' instead")
    return messages


def warn_of_deprecations(plugin_name: str, hook_name: str, argnames: Iterable[str], function: object) -> None:
    """Issue a ProtocolkitDeprecationWarning for each deprecated thing the implementation uses, pointing
    at the plugin's own function, so that pytest's warning summary names the plugin's file and line."""
    for message in deprecation_messages(plugin_name, hook_name, argnames):
        code = getattr(function, "__code__", None)
        if code is None:  # a callable object, not a function: no line to point at
            warnings.warn(message, ProtocolkitDeprecationWarning, stacklevel=2)
            continue
        warnings.warn_explicit(message, ProtocolkitDeprecationWarning, code.co_filename, code.co_firstlineno,
                               module=getattr(function, "__module__", None))
