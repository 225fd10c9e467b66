"""deploy/nginx.conf, read as text (no nginx needed): the per-address limit on new sessions
(issue 13, point 3). tests/e2e/test_replicas.py checks the rest of the file."""

from __future__ import annotations

import re
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def _directives(text: str) -> list[str]:
    return [line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()]


def _location(conf: str, path: str) -> str:
    """The body of `location = path { … }` (locations here hold no nested blocks)."""
    match = re.search(r"location\s*=\s*" + re.escape(path) + r"\s*\{([^}]*)\}", conf)
    assert match, f"no location for {path}"
    return match.group(1)


def test_the_nginx_example_limits_new_sessions_per_address_on_the_websocket_path() -> None:
    conf = CONF.read_text(encoding="utf-8")
    zone = re.search(
        r"^limit_req_zone \$binary_remote_addr zone=(\w+):\d+m rate=(\d+)r/([sm]);$",
        "\n".join(_directives(conf)),
        re.MULTILINE,
    )
    assert zone, "a per-address zone"
    per_minute = int(zone.group(2)) * (60 if zone.group(3) == "s" else 1)
    assert 0 < per_minute <= 60
    stream = _directives(_location(conf, "/_stcore/stream"))
    limit = [d for d in stream if d.startswith("limit_req ")]
    assert limit and f"zone={zone.group(1)}" in limit[0]
    burst = re.search(r"burst=(\d+)", limit[0])
    assert burst and int(burst.group(1)) <= 100


def test_the_limited_websocket_path_is_still_proxied_as_a_websocket() -> None:
    stream = _directives(_location(CONF.read_text(encoding="utf-8"), "/_stcore/stream"))
    for needed in ("proxy_pass http://camp_replicas;", "proxy_http_version 1.1;",
                   "proxy_set_header Upgrade $http_upgrade;",
                   "proxy_set_header Connection $connection_upgrade;",
                   "proxy_read_timeout 86400s;", "proxy_buffering off;"):  # fmt: skip
        assert needed in stream, needed
