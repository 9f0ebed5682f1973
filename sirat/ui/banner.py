"""An inline, non-modal message banner for expected errors and confirmations.

Modal dialogs are for decisions; what went wrong and how to fix it is shown in the pane that
needs it (KeePassXC's ``MessageWidget``). Text is always shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from sirat.errors import SiratError, ValidationError
from sirat.ui.signals import emit

ERROR = "error"
WARNING = "warning"
INFO = "info"
SUCCESS = "success"

_SYMBOL = {ERROR: "⚠", WARNING: "⚠", INFO: "ℹ", SUCCESS: "✓"}


class Banner(QFrame):
    """A message with an optional hint; hidden until there is something to say."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._symbol = QLabel(self)
        self._symbol.setObjectName("bannerSymbol")
        self._message = QLabel(self)
        self._message.setObjectName("bannerMessage")
        self._hint = QLabel(self)
        self._hint.setObjectName("bannerHint")
        for label in (self._message, self._hint):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss this message")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.dismiss)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(2)
        texts.addWidget(self._message)
        texts.addWidget(self._hint)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self._symbol, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(texts, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.kind = ""
        self.hide()

    # ---- what callers use ------------------------------------------------------------------
    def show_message(self, message: str, hint: str = "", kind: str = ERROR,
                     timeout_ms: int = 0) -> None:
        self.kind = kind
        self.setProperty("kind", kind)
        self._symbol.setText(_SYMBOL.get(kind, ""))
        self._message.setText(message)
        self._hint.setText(hint)
        self._hint.setVisible(bool(hint))
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()
        if timeout_ms:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def show_error(self, error: SiratError) -> None:
        if isinstance(error, ValidationError) and len(error.problems) > 1:
            self.show_message(
                f"{len(error.problems)} fields need attention; nothing was saved.",
                "Each problem is shown next to its field.", WARNING,
            )
            return
        self.show_message(error.message, error.hint, ERROR)

    def show_info(self, message: str, hint: str = "", timeout_ms: int = 6000) -> None:
        self.show_message(message, hint, SUCCESS, timeout_ms)

    def dismiss(self) -> None:
        self._timer.stop()
        self.hide()
        emit(self.closed)

    # ---- what tests and screen readers read --------------------------------------------------
    @property
    def message(self) -> str:
        return "" if self.isHidden() else self._message.text()

    @property
    def hint(self) -> str:
        return self._hint.text()
