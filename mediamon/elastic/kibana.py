"""Import the saved objects in deploy/kibana into Kibana (data view, saved searches, dashboard).

`overwrite=true` with the objects' stable ids makes the import idempotent: a re-import updates
them in place instead of creating copies.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import urllib3

from mediamon.elastic.client import es_credentials
from mediamon.errors import ConfigError, MediamonError
from mediamon.settings import Settings

SAVED_OBJECTS_FILE = "saved_objects.ndjson"
DATA_VIEW_TITLE = "articles"


class KibanaError(MediamonError):
    """Kibana refused or partly failed the import."""


def load_saved_objects(path: Path) -> list[dict[str, Any]]:
    objects = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objects.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{number}: invalid JSON: {exc.msg}") from exc
    return objects


def objects_for(settings: Settings) -> list[dict[str, Any]]:
    """The saved objects with the data view pointed at this installation's alias."""
    objects = load_saved_objects(settings.deploy_dir / "kibana" / SAVED_OBJECTS_FILE)
    for obj in objects:
        if obj.get("type") == "index-pattern" and obj["attributes"].get("title") == DATA_VIEW_TITLE:
            obj["attributes"]["title"] = settings.index_name(DATA_VIEW_TITLE)
    return objects


def import_saved_objects(settings: Settings, kibana_url: str | None = None) -> dict[str, Any]:
    """POST the NDJSON to `/api/saved_objects/_import?overwrite=true`; returns Kibana's summary."""
    url = (kibana_url or settings.kibana_url).rstrip("/") + "/api/saved_objects/_import?overwrite=true"
    body = "\n".join(json.dumps(obj, ensure_ascii=False) for obj in objects_for(settings)) + "\n"
    headers = {"kbn-xsrf": "mediamon"}
    credentials = es_credentials(settings)
    if credentials:
        headers.update(urllib3.make_headers(basic_auth=":".join(credentials)))
    try:
        response = urllib3.request("POST", url, headers=headers, timeout=60, retries=urllib3.Retry(3, backoff_factor=1),
                                   fields={"file": ("mediamon.ndjson", body.encode("utf-8"), "application/ndjson")})
    except urllib3.exceptions.HTTPError as exc:
        raise KibanaError(f"cannot reach Kibana at {url}: {exc}") from exc
    try:
        summary = json.loads(response.data or b"{}")
    except json.JSONDecodeError:
        summary = {"body": response.data[:500].decode("utf-8", errors="replace")}
    if response.status != 200 or not summary.get("success", False):
        raise KibanaError(f"Kibana import failed (HTTP {response.status}): {json.dumps(summary)[:2000]}")
    return summary
