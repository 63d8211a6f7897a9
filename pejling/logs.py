"""Structured logs: one JSON object per line (on stderr, see LOGGING in settings), so that a log
collector can search errors and security events (failed log-ins, lock-outs, permission denials)."""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed in `extra=` and goes into the object.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key != "request":
                entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry.setdefault("path", request.path)
            entry.setdefault("method", request.method)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class DenialWithoutTraceback(logging.Filter):
    """django.request logs a refused permission (403) with the PermissionDenied's traceback: a refusal
    is expected, and Pejling logs it as a security event of its own (web/access.py). The line stays,
    the traceback goes, so the log's tracebacks are the errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True
