"""Labels of /summary, merged into the one translation table of core/i18n.py."""

LABELS: dict[str, dict[str, str]] = {}
