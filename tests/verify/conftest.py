"""The content's expectation, shared by the verifier's tests."""

from __future__ import annotations

import pytest

from folio.load import load_publication
from folio.verify.expectation import Expectation, expect_from_content
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def expected() -> Expectation:
    return expect_from_content(load_publication(CONTENT).publication)
