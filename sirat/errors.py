"""The SiratError family: expected failures with a message safe to show and a hint how to fix it.

Anything that is *not* a SiratError is a bug and goes to the crash hook. Messages here must
never contain personal data or secrets: they are shown in banners and printed by the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class SiratError(Exception):
    """An expected error: the user can act on ``hint``."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class WrongPassphrase(SiratError):
    """Unknown user or wrong passphrase: deliberately one message for both."""

    def __init__(self) -> None:
        super().__init__(
            "The user name or passphrase is not correct.",
            "Check the keyboard layout and Caps Lock, then try again.",
        )


class VaultNotFound(SiratError):
    pass


class VaultExists(SiratError):
    pass


class VaultLocked(SiratError):
    pass


class VaultCorrupt(SiratError):
    exit_code = 3


class VaultInUse(SiratError):
    pass


class VaultTooNew(SiratError):
    pass


class DiskFull(SiratError):
    pass


class ReadOnlyLocation(SiratError):
    pass


class PermissionDenied(SiratError):
    """The signed-in user's role does not allow the action."""


class NotFound(SiratError):
    pass


class Conflict(SiratError):
    pass


class ExportPolicyError(SiratError):
    pass


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field, in words an analyst understands."""

    field: str
    message: str
    hint: str = ""


class ValidationError(SiratError):
    """Every problem found at once; nothing was written."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0] if self.problems else FieldProblem("", "Invalid input.")
        count = len(self.problems)
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        label = f"{first.field}: " if first.field else ""
        super().__init__(f"{label}{first.message}{more}", first.hint)

    @classmethod
    def single(cls, field: str, message: str, hint: str = "") -> ValidationError:
        return cls([FieldProblem(field, message, hint)])
