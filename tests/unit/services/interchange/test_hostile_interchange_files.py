"""QA: hostile interchange files are refused with a clear message, never a crash."""

from __future__ import annotations

import pytest

from sirat.services.interchange.document import InterchangeError, parse_document


def test_deeply_nested_json_is_refused_not_a_recursion_crash() -> None:
    data = b"[" * 200_000 + b"]" * 200_000
    with pytest.raises(InterchangeError) as exc:
        parse_document(data)
    assert "nests" in exc.value.message
    assert "Nothing was imported" in exc.value.message


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_an_empty_file_is_called_empty(data: bytes) -> None:
    with pytest.raises(InterchangeError) as exc:
        parse_document(data)
    assert exc.value.message.startswith("The file is empty.")
