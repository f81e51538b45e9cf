"""The general assessment engine: a scheme is data (measures, rules, tiers, payments), applied
to the measures the caller supplies over the contract's own periods. No Django import.

    scheme = load_scheme(yaml.safe_load(text))      # or template("prison-2025")
    periods = make_periods(start, end, scheme.periods)
    result = assess(scheme, Contract(total, start, end), periods, events, values, manual)
"""

from .assess import (
    Assessment,
    Contract,
    Event,
    Evidence,
    Line,
    ManualEntry,
    PeriodResult,
    Right,
    Value,
    assess,
)
from .errors import EngineError, InputError, SchemeError
from .periods import Period, make_periods
from .scheme import FORMAT, Scheme, load_scheme, load_text, template, template_names

__all__ = [
    "FORMAT", "Assessment", "Contract", "EngineError", "Event", "Evidence", "InputError",
    "Line", "ManualEntry", "Period", "PeriodResult", "Right", "Scheme", "SchemeError", "Value",
    "assess", "load_scheme", "load_text", "make_periods", "template", "template_names",
]
