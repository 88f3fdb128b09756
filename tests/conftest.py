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


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    """Hash test passwords cheaply: the personas are made again for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
