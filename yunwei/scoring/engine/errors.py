"""Errors of the general assessment engine, each in Chinese and English with its place."""

from __future__ import annotations


class EngineError(ValueError):
    """A refusal; `str()` gives 'where：中文 / where: English' for every problem found."""

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("；".join(f"{w}：{zh}" if w else zh for w, zh, _ in self.problems)
                         + " / " + "; ".join(f"{w}: {en}" if w else en
                                             for w, _, en in self.problems))

    @property
    def zh(self) -> str:
        return "；".join(f"{w}：{zh}" if w else zh for w, zh, _ in self.problems)

    @property
    def en(self) -> str:
        return "; ".join(f"{w}: {en}" if w else en for w, _, en in self.problems)


class SchemeError(EngineError):
    """A scheme that cannot be loaded (nothing of it is used)."""


class InputError(EngineError):
    """Records or periods that do not fit the scheme."""


def fail(where: str, zh: str, en: str, cls: type[EngineError] = InputError) -> EngineError:
    """One problem as an error to raise."""
    return cls([(where, zh, en)])
