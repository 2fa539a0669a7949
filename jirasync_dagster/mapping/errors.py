"""Exceptions of the field mapping package."""


class MappingError(Exception):
    """A field mapping is invalid or cannot be applied; `problems` lists every reason."""

    def __init__(self, message: str, problems: list[str] | tuple[str, ...] = ()):
        super().__init__(message)
        self.problems = list(problems) or [message]

    @classmethod
    def from_problems(cls, subject: str, problems: list[str]) -> "MappingError":
        """One error that lists every problem found in `subject`, one per line."""
        lines = "\n".join(f"  - {problem}" for problem in problems)
        return cls(f"{subject} has {len(problems)} problem(s):\n{lines}", problems)


class ConversionError(ValueError):
    """A JIRA value does not fit its column; the converter records it, never raises it."""
