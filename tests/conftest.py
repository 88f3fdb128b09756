"""Shared fixtures: the shipped catalogue and the bundled sample report."""

from __future__ import annotations

import os
from collections.abc import Iterator
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


@pytest.fixture(autouse=True, scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests keep cchc's cache (calendar tables, compiled queries) in a folder of their own."""
    folder = tmp_path_factory.mktemp("cchc-cache")
    previous = os.environ.get("CCHC_CACHE_DIR")
    os.environ["CCHC_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("CCHC_CACHE_DIR", None)
    else:
        os.environ["CCHC_CACHE_DIR"] = previous
