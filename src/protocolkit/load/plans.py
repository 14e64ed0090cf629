"""Build a TreatmentPlan from data the treatment-plan schema accepted."""

from __future__ import annotations

from typing import Any

from protocolkit.load.serialize import BuildError
from protocolkit.model.plan import Phase, PlanGoal, SelfCare, TreatmentPlan, parse_every


def plan_from_data(data: dict[str, Any]) -> TreatmentPlan:
    """The plan, its phases numbered in order and every interval in days.

    Raises BuildError (with every problem and its path) for values the schema
    lets through but a plan cannot hold."""
    problems = []
    phases = []
    for index, raw in enumerate(data["phases"]):
        try:
            phases.append(Phase(index=index, protocol=raw["protocol"], sessions=raw["sessions"],
                                every=parse_every(raw["every"]), reassess=raw.get("reassess", False),
                                self_care=[SelfCare(item["kind"], item["instruction"])
                                           for item in raw.get("self-care", [])]))
        except ValueError as error:
            problems.append((f"phase {index + 1}: {error}", ("phases", index, "every")))
    if problems:
        raise BuildError(problems)
    return TreatmentPlan(id=data["id"], title=data["title"], phases=phases,
                         goals=[goal if isinstance(goal, str) else PlanGoal(goal["id"], goal.get("target"))
                                for goal in data.get("goals", [])],
                         description=data.get("description"), format_version=data["protocolkit"])
