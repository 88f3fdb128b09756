"""The three registers (plan tasks, Government-assigned tasks, citizen feedback): their models, the fields
a user edits and the counts they give."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from cchc.web.registers import counting
from cchc.web.registers.forms import AssignedTaskForm, FeedbackForm, PlanTaskForm
from cchc.web.registers.models import AssignedTask, Feedback, PlanTask, RegisterKind

__all__ = ["PLAN_LEVELS", "PROGRESS_FIELDS", "REGISTERS", "Register", "RegisterError", "register_of"]


class RegisterError(Exception):
    """A register change that was refused; `problems` lists every reason in Vietnamese."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Register:
    """One register: its model, the fields a user edits, the counts it gives (the catalogue's rows with
    `source = { register = <kind>, count = … }` hold them: `row_codes`) and their source label."""

    kind: RegisterKind
    model: type[Any]  # PlanTask, AssignedTask or Feedback: the register code is the same for each
    fields: tuple[str, ...]
    counts: tuple[str, ...]
    source: str

    @property
    def label(self) -> str:
        """The register's name in Vietnamese."""
        return self.kind.label

    def field_label(self, name: str) -> str:
        """A field's Vietnamese name, capitalised."""
        label = str(self.model._meta.get_field(name).verbose_name)
        return label[0].upper() + label[1:]


# The fields of each register are its form's: the page, every Excel line and the audit see the same.
REGISTERS: dict[str, Register] = {
    RegisterKind.PLAN: Register(
        RegisterKind.PLAN,
        PlanTask,
        tuple(PlanTaskForm.Meta.fields),
        counting.PLAN_COUNTS,
        "Sổ theo dõi Kế hoạch CCHC",
    ),
    RegisterKind.ASSIGNED: Register(
        RegisterKind.ASSIGNED,
        AssignedTask,
        tuple(AssignedTaskForm.Meta.fields),
        counting.ASSIGNED_COUNTS,
        "Sổ theo dõi nhiệm vụ Chính phủ giao",
    ),
    RegisterKind.FEEDBACK: Register(
        RegisterKind.FEEDBACK,
        Feedback,
        tuple(FeedbackForm.Meta.fields),
        counting.FEEDBACK_COUNTS,
        "Sổ theo dõi phản ánh, kiến nghị",
    ),
}


def register_of(item: models.Model) -> Register:
    """The register an item belongs to."""
    for register in REGISTERS.values():
        if isinstance(item, register.model):
            return register
    raise TypeError(type(item).__name__)


# The levels that report BM1 2 (have a CCHC plan counted in a form).
PLAN_LEVELS = ("tinh", "so", "huyen")
PROGRESS_FIELDS = frozenset({"completed_on", "evidence_number", "evidence_date", "note"})
