"""The Windows limits of the image child, checked off Windows: the Job object's structure
has the layout winnt.h gives it on 64-bit Windows, and ``confine`` makes the calls a
confined child needs, in order, with the limits -- against a recording stand-in for
kernel32. (Running it for real needs Windows: `make dist-check` there.)"""

from __future__ import annotations

import ctypes
from typing import Any

import pytest

from sirat.attachments import _child, _winjob

PSEUDO_HANDLE = -1


class FakeKernel32:
    def __init__(self, *, fail: str = "") -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.fail = fail
        self.info: _winjob.ExtendedLimits | None = None

    def _call(self, name: str, *args: Any) -> Any:
        self.calls.append((name, args))
        return 0 if name == self.fail else 1

    def CreateJobObjectW(self, *args: Any) -> Any:
        return 0 if self.fail == "CreateJobObjectW" else 0x7A4

    def SetInformationJobObject(self, job: Any, cls: int, ref: Any, size: int) -> Any:
        self.info = _winjob.ExtendedLimits.from_buffer_copy(
            ctypes.string_at(ctypes.addressof(ref._obj), size))
        return self._call("SetInformationJobObject", job, cls, size)

    def AssignProcessToJobObject(self, job: Any, process: Any) -> Any:
        return self._call("AssignProcessToJobObject", job, process)

    def GetCurrentProcess(self) -> Any:
        return PSEUDO_HANDLE

    def CloseHandle(self, job: Any) -> Any:
        return self._call("CloseHandle", job)


@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="64-bit layout")
def test_the_structure_has_the_64_bit_windows_layout() -> None:
    assert ctypes.sizeof(_winjob.BasicLimits) == 64
    assert ctypes.sizeof(_winjob.IoCounters) == 48
    assert ctypes.sizeof(_winjob.ExtendedLimits) == 144
    assert _winjob.BasicLimits.LimitFlags.offset == 16
    assert _winjob.BasicLimits.ActiveProcessLimit.offset == 40
    assert _winjob.ExtendedLimits.ProcessMemoryLimit.offset == 112


def test_the_child_confines_itself_with_its_limits() -> None:
    k = FakeKernel32()
    assert _winjob.confine(_child.MEMORY_BYTES, _child.CPU_SECONDS, kernel32=k)
    assert [c[0] for c in k.calls] == ["SetInformationJobObject", "AssignProcessToJobObject"]
    assert k.calls[0][1] == (0x7A4, 9, 144)
    assert k.calls[1][1] == (0x7A4, PSEUDO_HANDLE)  # itself, before reading the image
    assert k.info is not None
    basic = k.info.BasicLimitInformation
    assert k.info.ProcessMemoryLimit == 1536 * 1024 * 1024
    assert basic.PerProcessUserTimeLimit == 20 * 10_000_000  # 100 ns ticks
    assert basic.ActiveProcessLimit == 1  # a decoder exploit starts no other process
    for flag in (0x2, 0x8, 0x100, 0x400, 0x2000):
        assert basic.LimitFlags & flag


@pytest.mark.parametrize("fail", ["CreateJobObjectW", "SetInformationJobObject",
                                  "AssignProcessToJobObject"])
def test_a_refused_job_is_reported_not_raised(fail: str) -> None:
    k = FakeKernel32(fail=fail)
    assert _winjob.confine(1 << 30, 5, kernel32=k) is False
    if fail == "SetInformationJobObject":
        assert k.calls[-1] == ("CloseHandle", (0x7A4,))


def test_off_windows_nothing_is_attempted() -> None:
    if hasattr(ctypes, "windll"):
        pytest.skip("Windows")
    assert _winjob.confine(1 << 30, 5) is False


def test_without_posix_limits_the_child_uses_the_job(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    asked: list[tuple[int, int]] = []
    monkeypatch.setitem(sys.modules, "resource", None)  # as on Windows: no such module
    monkeypatch.setattr(_winjob, "confine", lambda m, c: asked.append((m, c)) or True)
    _child._limit()
    assert asked == [(_child.MEMORY_BYTES, _child.CPU_SECONDS)]
