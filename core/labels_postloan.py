"""Labels of /postloan, merged into the one table of core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {}
