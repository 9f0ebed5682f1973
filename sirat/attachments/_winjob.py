"""Windows limits for the image child: a Job object the child puts itself in.

POSIX children limit themselves with ``setrlimit``; Windows has no such call, but a process
may create a Job object with limits and assign *itself* to it (jobs nest since Windows 8).
The child does this before it reads a byte of the image, as on POSIX, so there is no window
in which a hostile image is decoded unconfined. Limits: committed memory of the process,
user-mode CPU time, one active process (it cannot start another: a decoder exploit gets no
shell), and death instead of an error dialog on a crash. Writing files cannot be forbidden
this way (no equivalent of ``RLIMIT_FSIZE``); the child writes none, and the parent's
timeout and Pillow's pixel limit remain.

Only ``ctypes`` is used, and ``kernel32`` can be handed in, so the calls are checked on any
platform against a recording stand-in (tests/unit/attachments/test_winjob.py).
"""

from __future__ import annotations

import ctypes
from typing import Any

JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9
LIMIT_PROCESS_TIME = 0x0000_0002
LIMIT_ACTIVE_PROCESS = 0x0000_0008
LIMIT_PROCESS_MEMORY = 0x0000_0100
LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x0000_0400
LIMIT_KILL_ON_JOB_CLOSE = 0x0000_2000
FLAGS = (LIMIT_PROCESS_TIME | LIMIT_ACTIVE_PROCESS | LIMIT_PROCESS_MEMORY
         | LIMIT_DIE_ON_UNHANDLED_EXCEPTION | LIMIT_KILL_ON_JOB_CLOSE)
TICKS_PER_SECOND = 10_000_000  # PerProcessUserTimeLimit counts 100-nanosecond ticks


class BasicLimits(ctypes.Structure):
    """JOBOBJECT_BASIC_LIMIT_INFORMATION (winnt.h)."""

    _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64),
                ("PerJobUserTimeLimit", ctypes.c_int64),
                ("LimitFlags", ctypes.c_uint32),
                ("MinimumWorkingSetSize", ctypes.c_size_t),
                ("MaximumWorkingSetSize", ctypes.c_size_t),
                ("ActiveProcessLimit", ctypes.c_uint32),
                ("Affinity", ctypes.c_size_t),
                ("PriorityClass", ctypes.c_uint32),
                ("SchedulingClass", ctypes.c_uint32)]


class IoCounters(ctypes.Structure):
    """IO_COUNTERS (winnt.h)."""

    _fields_ = [(name, ctypes.c_uint64) for name in (
        "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
        "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]


class ExtendedLimits(ctypes.Structure):
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION (winnt.h)."""

    _fields_ = [("BasicLimitInformation", BasicLimits),
                ("IoInfo", IoCounters),
                ("ProcessMemoryLimit", ctypes.c_size_t),
                ("JobMemoryLimit", ctypes.c_size_t),
                ("PeakProcessMemoryUsed", ctypes.c_size_t),
                ("PeakJobMemoryUsed", ctypes.c_size_t)]


def _kernel32() -> Any:
    """kernel32 with the prototypes declared: handles are pointer-sized, and ctypes' default
    ``int`` would cut them (and GetCurrentProcess's pseudo-handle -1) to 32 bits."""
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return None
    k = windll.kernel32
    handle, bool_ = ctypes.c_void_p, ctypes.c_int
    k.CreateJobObjectW.restype = handle
    k.CreateJobObjectW.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p]
    k.SetInformationJobObject.restype = bool_
    k.SetInformationJobObject.argtypes = [handle, ctypes.c_int, ctypes.c_void_p,
                                          ctypes.c_uint32]
    k.AssignProcessToJobObject.restype = bool_
    k.AssignProcessToJobObject.argtypes = [handle, handle]
    k.GetCurrentProcess.restype = handle
    k.GetCurrentProcess.argtypes = []
    k.CloseHandle.restype = bool_
    k.CloseHandle.argtypes = [handle]
    return k


def limits(memory_bytes: int, cpu_seconds: int) -> ExtendedLimits:
    """The limits the child's job carries."""
    info = ExtendedLimits()
    info.BasicLimitInformation.LimitFlags = FLAGS
    info.BasicLimitInformation.PerProcessUserTimeLimit = cpu_seconds * TICKS_PER_SECOND
    info.BasicLimitInformation.ActiveProcessLimit = 1
    info.ProcessMemoryLimit = memory_bytes
    return info


def confine(memory_bytes: int, cpu_seconds: int, kernel32: Any = None) -> bool:
    """Put this process in a new Job object with the limits; True when it is in it.

    The job's handle is deliberately never closed: with KILL_ON_JOB_CLOSE, closing it would
    end the child, and the child's exit closes it anyway.
    """
    if kernel32 is None:
        kernel32 = _kernel32()
        if kernel32 is None:  # not Windows
            return False
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return False
    info = limits(memory_bytes, cpu_seconds)
    if not kernel32.SetInformationJobObject(job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
                                            ctypes.byref(info), ctypes.sizeof(info)):
        kernel32.CloseHandle(job)
        return False
    return bool(kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()))
