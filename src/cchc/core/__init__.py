"""The framework-free core of cchc: catalogue, values, formulas, validation, aggregation, narrative, periods.

Nothing here does I/O or imports a framework; the readers, the web application and the writers build
on these names. Errors a user can cause: CatalogueError (a broken template folder), FormulaError (a
formula that cannot be parsed), FormulaCycleError (formulas that reference each other in a circle),
NumberFormatError (text that is not a number). All carry a Vietnamese message.
"""

from cchc.core.aggregation import Contribution, aggregate, rows_for_level, with_computed
from cchc.core.catalogue import (
    Aggregation,
    Catalogue,
    CatalogueError,
    Kind,
    Level,
    Row,
    Severity,
    parse_catalogue,
    row_code,
)
from cchc.core.formula import Formula, FormulaCycleError, FormulaError, Undefined, evaluate_all, parse_formula
from cchc.core.narrative import check_narrative
from cchc.core.numbers import Cell, CellKind, NumberFormatError, format_number, parse_cell, parse_number
from cchc.core.periods import (
    Period,
    PeriodDates,
    PeriodKind,
    Schedule,
    find_period,
    parse_period,
    parse_schedule,
)
from cchc.core.validation import Finding, effective_values, validate

__all__ = [
    "Aggregation",
    "Catalogue",
    "CatalogueError",
    "Cell",
    "CellKind",
    "Contribution",
    "Finding",
    "Formula",
    "FormulaCycleError",
    "FormulaError",
    "Kind",
    "Level",
    "NumberFormatError",
    "Period",
    "PeriodDates",
    "PeriodKind",
    "Row",
    "Schedule",
    "Severity",
    "Undefined",
    "aggregate",
    "check_narrative",
    "effective_values",
    "evaluate_all",
    "find_period",
    "format_number",
    "parse_catalogue",
    "parse_cell",
    "parse_formula",
    "parse_number",
    "parse_period",
    "parse_schedule",
    "row_code",
    "rows_for_level",
    "validate",
    "with_computed",
]
