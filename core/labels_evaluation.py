"""Labels of the camp's evaluation on /postloan, merged into the one table of core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {}
