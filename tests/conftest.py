"""Shared fixtures: the shipped catalogue and the bundled sample report."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.catalogues import default_catalogue
from cchc.cli import sample_report
from cchc.core.catalogue import Catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return default_catalogue()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return sample_report()
