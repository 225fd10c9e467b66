"""Errors the use cases raise; the command line maps them to exit codes (SPEC §5.1)."""

from __future__ import annotations

from core.records import Problem


class UsageError(Exception):
    """Bad usage: unknown command, camp, team or day (exit 2)."""


class InputRejected(Exception):
    """Input rejected whole (exit 3); `problems` has one line per problem."""

    def __init__(self, problems: list[Problem], message: str = "input rejected") -> None:
        super().__init__(message)
        self.problems = problems
