"""Shared fixtures: the hand-checked dossier file (Quý I/2023) imported once, and a small generated file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.dossiers import compute, generate, import_files
from cchc.dossiers.engine import DossierResults

DATA = Path(__file__).parent / "data"
HAND_CHECKED = DATA / "hand-checked-2023q1.csv"


@pytest.fixture(scope="session")
def hand_checked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 26 hand-checked dossiers as canonical Parquet."""
    return import_files([HAND_CHECKED], tmp_path_factory.mktemp("hand") / "hand.parquet").path


@pytest.fixture(scope="session")
def hand_results(hand_checked: Path) -> DossierResults:
    return compute(hand_checked, "2023Q1")


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 000 generated dossiers (seed 7), July 2022 – December 2023."""
    return generate(20_000, tmp_path_factory.mktemp("generated") / "dossiers.parquet", seed=7)
