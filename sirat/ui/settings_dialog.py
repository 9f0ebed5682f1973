"""Administrator settings kept in the vault: after how many idle minutes SIRAT locks."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from sirat.services.access import preferences
from sirat.ui.context import Context
from sirat.ui.host import HostWindow


class IdleLockDialog:
    """Asks for the idle-lock minutes; tests replace :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget, current: float) -> float | None:
        value, ok = QInputDialog.getInt(
            parent, "Idle lock",
            "Lock SIRAT after this many minutes without activity (for everyone using "
            "this vault):", max(1, round(current)), preferences.MIN_IDLE_MINUTES,
            preferences.MAX_IDLE_MINUTES,
        )
        return float(value) if ok else None

    @classmethod
    def edit(cls, context: Context, host: HostWindow) -> None:
        def ask_then_save(current: float) -> None:
            minutes = cls.ask(host, current)
            if minutes is None:
                return
            context.run(lambda v: preferences.set_idle_lock_minutes(v, minutes),
                        on_success=saved, owner=host, name="set_idle_lock")

        def saved(minutes: float) -> None:
            host.banner.show_info(
                f"SIRAT now locks after {minutes:g} idle minutes.",
                "The new setting applies from the next sign-in.",
            )

        context.run(preferences.idle_lock_minutes, on_success=ask_then_save, owner=host,
                    name="idle_lock_minutes")
