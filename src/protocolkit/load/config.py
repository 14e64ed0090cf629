"""Settings: what a project configures, and where each value came from.

A project configures protocolkit in ``protocolkit.toml`` (top-level keys) or in
``pyproject.toml`` under ``[tool.protocolkit]``, whichever is found first
walking up from the current directory (a protocolkit.toml wins over a
pyproject.toml in the same folder).  Command-line options override the file.
Paths in the file are relative to the file.  Every value remembers its source
so that ``protocolkit config`` can say why a setting is what it is.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from attrs import evolve, field, frozen

from protocolkit.model.billing import DEFAULT_POLICY, POLICIES, Billing, code_problem, policy_problem
from protocolkit.model.policy import ScreeningPolicy
from protocolkit.model.protocol import Pressure, strings

CONFIG_FILE = "protocolkit.toml"
PYPROJECT = "pyproject.toml"
DEFAULT_DURATION_TOLERANCE = 0.05
# The defaults of the treatment-plan checks (PK603, PK604); a project changes them in protocolkit.toml.
# 48 hours between two deep sessions on one region is a conservative default this project
# chose, not a published figure: see the PK603 page.
DEFAULT_RECOVERY_HOURS = 48.0
DEFAULT_REASSESS_EVERY = 6
_KEYS = {"select": list, "ignore": list, "plugins": list, "modalities": list, "duration-tolerance": float,
         "max-file-size": float, "recovery-hours": float, "reassess-every": int, "requirements-max-age": float,
         "screening": dict, "plans": dict, "billing": dict}
# A clinic's screening policy ([screening]): each key tightens the catalog's conditions (plugin.policy).
POLICY_KEYS = ("require-clearance", "ceilings", "rule-out-session")
DEFAULT_MAX_FILE_MB = 5.0
# [plans] closed = ["sat", "sun"]: the weekdays a clinic books no session on (Monday is 0, as date.weekday()).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PLANS_KEYS = ("closed",)
# [billing] policy = "cms" and codes = {"deep-tissue.deep-stroking" = "97140"}: see model.billing.
BILLING_KEYS = ("policy", "codes")
# Requirement profiles: a text older than this many years may have changed (PK707).
DEFAULT_REQUIREMENTS_MAX_AGE = 3.0


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


def _sources(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


@frozen
class Settings:
    select: tuple[str, ...] = field(converter=strings, default=())
    ignore: tuple[str, ...] = field(converter=strings, default=())
    plugins: tuple[str, ...] = field(converter=strings, default=())
    modalities: tuple[str, ...] = field(converter=strings, default=())
    duration_tolerance: float = DEFAULT_DURATION_TOLERANCE
    max_file_size: float = DEFAULT_MAX_FILE_MB  # megabytes; larger files are refused unread
    # Treatment plans: hours between two deep sessions on one region (PK603), and the most
    # sessions in a row without a reassessment (PK604).
    recovery_hours: float = DEFAULT_RECOVERY_HOURS
    reassess_every: int = DEFAULT_REASSESS_EVERY
    requirements_max_age: float = DEFAULT_REQUIREMENTS_MAX_AGE  # years
    # The clinic's screening policy: conditions made stricter than the core has them.
    screening: ScreeningPolicy = field(factory=ScreeningPolicy)
    # Treatment plans: the weekdays the clinic is closed (0 Monday to 6 Sunday); no session is booked on them.
    closed_days: tuple[int, ...] = ()
    # Billing units ([billing]): None when the project does not bill, and then no sheet shows a Billing box.
    billing: Billing | None = None
    config_file: str | None = None
    sources: dict[str, str] = field(converter=_sources, factory=dict, eq=False)

    def source(self, key: str) -> str:
        return self.sources.get(key, "default")

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_size * 1024 * 1024)

    def override(self, source: str, **values: Any) -> Settings:
        """These settings with ``values`` (those not None or empty) taken from ``source``."""
        given = {key: value for key, value in values.items() if value not in (None, (), [])}
        if not given:
            return self
        return evolve(self, **given, sources={**self.sources, **{key: source for key in given}})

    def to_json(self) -> dict[str, dict[str, Any]]:
        return {key: {"value": list(value) if isinstance(value, tuple) else value, "source": self.source(key)}
                for key, value in (("select", self.select), ("ignore", self.ignore), ("plugins", self.plugins),
                                   ("modalities", self.modalities),
                                   ("duration_tolerance", self.duration_tolerance),
                                   ("max_file_size", self.max_file_size),
                                   ("recovery_hours", self.recovery_hours),
                                   ("reassess_every", self.reassess_every),
                                   ("requirements_max_age", self.requirements_max_age))} | {
            "screening": {"value": self.screening.to_json(), "source": self.source("screening")},
            "plans.closed": {"value": [WEEKDAYS[day] for day in self.closed_days], "source": self.source("closed_days")},
            "billing": {"value": self.billing.to_json() if self.billing else None, "source": self.source("billing")},
            "config_file": {"value": self.config_file, "source": "search from the current directory"}}


def find_config(start: Path, accept: Callable[[Path], bool] | None = None) -> tuple[Path, Mapping[str, Any]] | None:
    """The nearest configuration at or above ``start``, with its protocolkit table.

    ``accept`` (see `protocolkit.load.trust`) may refuse the nearest one: then there is none, as if
    the file were not there; the walk does not go on to another project's configuration above."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            return (own, _read(own)) if accept is None or accept(own) else None
        pyproject = folder / PYPROJECT
        if pyproject.is_file():
            table = _read(pyproject).get("tool", {}).get("protocolkit")
            if table is not None:
                return (pyproject, table) if accept is None or accept(pyproject) else None
    return None


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only a project with a configuration file pays for the TOML parser

    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > DEFAULT_MAX_FILE_MB * 1024 * 1024:
                # The file cannot raise its own limit before it is read: the default bounds it.
                raise ConfigError(f"{path}: the file is {size / 1048576:.1f} MB, over the {DEFAULT_MAX_FILE_MB:g} MB "
                                  "a configuration file may have; it holds a few settings")
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    except ValueError as error:  # tomllib's int() of more than 4,300 digits
        raise ConfigError(f"{path}: a number in it is too large to read; a setting is a number up to about "
                          "1.8e308") from error
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from error


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int past any float
        return False


def load_settings(start: Path | None = None, accept: Callable[[Path], bool] | None = None) -> Settings:
    found = find_config(start or Path.cwd(), accept)
    if found is None:
        return Settings()
    path, table = found
    where = f"{path} [tool.protocolkit]" if path.name == PYPROJECT else str(path)
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = _KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{where}: unknown key '{key}'; allowed: {', '.join(sorted(_KEYS))}")
        if key == "screening":
            values["screening"] = screening_policy(value, where)
            continue
        if key == "plans":
            values["closed_days"] = closed_days(value, where)
            continue
        if key == "billing":
            values["billing"] = billing_settings(value, where)
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not _finite(value):
            raise ConfigError(f"{where}: '{key}' must be a number up to about 1.8e308, never inf or nan")
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            kind = {list: "a list of strings", int: "a whole number"}.get(expected, "a number")
            raise ConfigError(f"{where}: '{key}' must be {kind}")
        values[key.replace("-", "_")] = value
    tolerance = values.get("duration_tolerance", DEFAULT_DURATION_TOLERANCE)
    if not 0 <= tolerance < 1:
        raise ConfigError(f"{where}: 'duration-tolerance' must be a fraction from 0 to 1, such as 0.05")
    if values.get("max_file_size", DEFAULT_MAX_FILE_MB) <= 0:
        raise ConfigError(f"{where}: 'max-file-size' must be a number of megabytes above 0, such as 5")
    if values.get("max_file_size", DEFAULT_MAX_FILE_MB) > 1024 * 1024:  # in bytes it must still be a number
        raise ConfigError(f"{where}: 'max-file-size' is over 1,048,576 MB (a terabyte); a protocol is a few kB")
    if values.get("recovery_hours", DEFAULT_RECOVERY_HOURS) <= 0:
        raise ConfigError(f"{where}: 'recovery-hours' must be a number of hours above 0, such as 48")
    if values.get("reassess_every", DEFAULT_REASSESS_EVERY) < 1:
        raise ConfigError(f"{where}: 'reassess-every' must be a whole number of sessions, 1 or more, such as 6")
    if values.get("requirements_max_age", DEFAULT_REQUIREMENTS_MAX_AGE) <= 0:
        raise ConfigError(f"{where}: 'requirements-max-age' must be a number of years above 0, such as 3")
    # Paths in the file are relative to the file; plugins may also be dotted module names.
    if "modalities" in values:
        values["modalities"] = [str(path.parent / item) for item in values["modalities"]]
    if "plugins" in values:
        values["plugins"] = [_relative_to(path.parent, item) for item in values["plugins"]]
    return Settings(**values, config_file=str(path), sources={key: where for key in values})


def screening_policy(table: object, where: str, key: str = "screening") -> ScreeningPolicy:
    """The screening policy in ``table`` (``[screening]`` in protocolkit.toml; a case file's ``policy``).

    Only its shape is checked here: whether each id exists and each rule
    really tightens is for `protocolkit.plugin.policy.tighten`, which has the
    catalog.  ``where`` names the file in messages; ``key`` is the table's name in it."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: '{key}' must be a table, such as [{key}] with "
                          'require-clearance = ["epilepsy"]')
    for name in table:
        if name not in POLICY_KEYS:
            raise ConfigError(f"{where}: unknown key '{key}.{name}'; allowed: {', '.join(POLICY_KEYS)}")

    def ids(name: str) -> tuple[str, ...]:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{where}: '{key}.{name}' must be a list of condition ids, such as "
                              '["epilepsy", "osteoporosis"]')
        return tuple(dict.fromkeys(value))

    ceilings = table.get("ceilings", {})
    if not isinstance(ceilings, Mapping):
        raise ConfigError(f"{where}: '{key}.ceilings' must be a table of condition ids and pressure levels, "
                          "such as {fibromyalgia = 2}")
    levels = []
    for condition_id, level in ceilings.items():
        if not isinstance(condition_id, str):
            raise ConfigError(f"{where}: '{key}.ceilings' must name each condition by its id, such as "
                              "{fibromyalgia = 2}")
        try:
            levels.append((condition_id, Pressure.parse(level)))
        except ValueError as error:
            raise ConfigError(f"{where}: '{key}.ceilings.{condition_id}': {error}") from error
    return ScreeningPolicy(ids("require-clearance"), levels, ids("rule-out-session"), source=where, key=key)


def closed_days(table: object, where: str) -> tuple[int, ...]:
    """The weekdays under ``[plans] closed`` (``["sat", "sun"]``, any case) as numbers, Monday 0, in order."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: 'plans' must be a table, such as [plans] with closed = [\"sat\", \"sun\"]")
    for name in table:
        if name not in PLANS_KEYS:
            raise ConfigError(f"{where}: unknown key 'plans.{name}'; allowed: {', '.join(PLANS_KEYS)}")
    value = table.get("closed", [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: 'plans.closed' must be a list of weekdays, such as [\"sat\", \"sun\"]")
    days = set()
    for item in value:
        word = item.strip().lower()
        if word not in WEEKDAYS:
            raise ConfigError(f"{where}: 'plans.closed': '{item}' is not a weekday; write {', '.join(WEEKDAYS)}")
        days.add(WEEKDAYS.index(word))
    if len(days) == len(WEEKDAYS):
        raise ConfigError(f"{where}: 'plans.closed' closes all seven days; a plan needs at least one open day")
    return tuple(sorted(days))


def billing_settings(table: object, where: str) -> Billing:
    """``[billing]``: the policy and the codes a clinic maps, each code five digits.  Whether each
    ``modality.technique`` key names an installed technique is known only once the plugins are loaded
    (`protocolkit.plugin.billing_codes.check_codes`)."""
    example = '[billing] with policy = "cms" and codes = {"deep-tissue.deep-stroking" = "97140"}'
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: 'billing' must be a table, such as {example}")
    for name in table:
        if name not in BILLING_KEYS:
            raise ConfigError(f"{where}: unknown key 'billing.{name}'; allowed: {', '.join(BILLING_KEYS)}")
    policy = table.get("policy", DEFAULT_POLICY)
    if policy not in POLICIES:
        raise ConfigError(f"{where}: 'billing.policy': {policy_problem(policy)}")
    codes = table.get("codes", {})
    if not isinstance(codes, Mapping):
        raise ConfigError(f"{where}: 'billing.codes' must be a table of technique to code, such as "
                          '{"deep-tissue.deep-stroking" = "97140"}')
    for key, code in codes.items():
        if key.count(".") != 1 or not all(key.split(".")):
            raise ConfigError(f"{where}: 'billing.codes': '{key}' is not MODALITY.TECHNIQUE, such as "
                              "'deep-tissue.deep-stroking'")
        if (problem := code_problem(code)) is not None:
            raise ConfigError(f"{where}: 'billing.codes.\"{key}\"': {problem}")
    return Billing(policy, codes)


def _relative_to(folder: Path, item: str) -> str:
    """A path in the file, resolved against the file's folder; a dotted module name as it is."""
    looks_like_path = "/" in item or item.endswith(".py") or item.startswith(".")
    return str(folder / item) if looks_like_path else item
