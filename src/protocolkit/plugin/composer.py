"""Composing through the plugins: the first answer to ``protocolkit_compose_steps``.

A `Composer` holds the plugins' compose hook and nothing else of the host
that loaded them: the catalog carries one, and the composition engine asks it
to fill each slot.  Implementations are called one by one, in pluggy's order
(last registered first), rather than through the hook caller, so that an
exception can name the plugin that raised it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

from protocolkit.plugin.containment import describe, plugin_code

if TYPE_CHECKING:
    import pluggy

    from protocolkit.model.planning import Slot
    from protocolkit.model.protocol import Modality, Step


class ComposeHookError(Exception):
    """A plugin's compose hook raised; the message names the plugin."""


class Composer:
    """Asks the plugins' compose hooks to fill a slot; without a hook it composes nothing."""

    def __init__(self, hook: pluggy.HookCaller | None = None, trace: Callable[[str], None] | None = None) -> None:
        self._hook = hook
        self._trace = trace

    def steps(self, modality: Modality, slot: Slot) -> list[Step] | None:
        """The first plugin's answer for ``modality`` in ``slot``, or None when no plugin answers."""
        if self._hook is None:
            return None
        arguments: dict[str, Any] = {"modality": modality, "slot": slot}
        call = f"protocolkit_compose_steps({modality.id}, {slot.phase} {slot.region} {slot.duration})"
        for impl in reversed(self._hook.get_hookimpls()):
            try:
                with plugin_code():  # a hook that exits or prints neither ends the run nor writes into its output
                    result = cast("Iterable[Step] | None",
                                  impl.function(**{arg: arguments[arg] for arg in impl.argnames}))
                    steps = None if result is None else list(result)  # a generator runs its code here
            except Exception as error:  # noqa: BLE001 - name the culprit
                self._say(f"{call} -> {impl.plugin_name}: raised {describe(error)}")
                raise ComposeHookError(f"plugin '{impl.plugin_name}' failed to compose "
                                       f"{modality.id}: {describe(error)}") from error
            if steps is not None:
                self._say(f"{call} -> {impl.plugin_name}: " + ", ".join(
                    f"{s.technique} {s.duration} at {s.pressure.level if s.pressure else '-'}" for s in steps))
                return steps
            self._say(f"{call} -> {impl.plugin_name}: None")
        return None

    def _say(self, line: str) -> None:
        if self._trace:
            self._trace(f"protocolkit trace: {line}")
