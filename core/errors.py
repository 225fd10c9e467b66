"""Errors the use cases raise; the command line maps them to exit codes (SPEC §5.1)."""

from __future__ import annotations

from core.reasons import render
from core.records import Problem


class UsageError(Exception):
    """Bad usage: unknown command, camp, team or day (exit 2).

    str() is the English message the command line prints; one made with `coded` keeps
    its catalogue code (core.reasons) so a page shows it in the user's language.
    """

    def __init__(self, message: str, code: str | None = None, params: tuple = ()) -> None:
        super().__init__(message)
        self.code = code
        self.params = params

    @classmethod
    def coded(cls, code: str, /, **params: object) -> UsageError:
        """A usage error with the catalogue's `code` and `params` (English in str())."""
        items = tuple(params.items())
        return cls(render(code, items, "en"), code, items)

    def text(self, lang: str) -> str:
        """The message in `lang`: from the catalogue when coded, else as written."""
        return str(self) if self.code is None else render(self.code, self.params, lang)


class InputRejected(Exception):
    """Input rejected whole (exit 3); `problems` has one line per problem."""

    def __init__(self, problems: list[Problem], message: str = "input rejected") -> None:
        super().__init__(message)
        self.problems = problems
