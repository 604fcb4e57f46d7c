"""The articles index design as files in deploy/elasticsearch, loaded once and named per settings.

The JSON files are written with unprefixed names (`articles`, `articles-*`); `load_templates`
applies `settings.index_name` so tests and tenants get their own templates, indices and alias.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mediamon.errors import ConfigError
from mediamon.settings import Settings

BASE_NAME = "articles"
COMPONENT_FILES = {"articles-settings": "component-articles-settings.json",
                   "articles-mappings": "component-articles-mappings.json"}
INDEX_TEMPLATE_FILE = "index-template-articles.json"


@dataclass(frozen=True)
class ArticleTemplates:
    """Component templates, the composable index template and the names derived from them."""

    alias: str
    index_template_name: str
    index_template: dict[str, Any]
    components: dict[str, dict[str, Any]]

    @property
    def version(self) -> int:
        return int(self.index_template.get("version", 0))

    @property
    def mappings(self) -> dict[str, Any]:
        return self.components[f"{self.alias}-mappings"]["template"]["mappings"]

    @property
    def languages(self) -> frozenset[str]:
        """Language codes with their own analysed sub-field (`title_i18n.<lang>`)."""
        return frozenset(self.mappings["properties"]["title_i18n"]["properties"])

    def monthly_index(self, published: datetime) -> str:
        """`articles-YYYY.MM` of the UTC month an article was published in (naive = UTC)."""
        if published.tzinfo is None:
            published = published.replace(tzinfo=timezone.utc)
        return f"{self.alias}-{published.astimezone(timezone.utc):%Y.%m}"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the index template ({exc}); set MEDIAMON_DEPLOY_DIR") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from exc


def load_templates(settings: Settings) -> ArticleTemplates:
    folder = settings.deploy_dir / "elasticsearch"
    alias = settings.index_name(BASE_NAME)
    components = {settings.index_name(name): _read_json(folder / file) for name, file in COMPONENT_FILES.items()}
    template = copy.deepcopy(_read_json(folder / INDEX_TEMPLATE_FILE))
    template["index_patterns"] = [settings.index_name(p) for p in template["index_patterns"]]
    template["composed_of"] = [settings.index_name(c) for c in template["composed_of"]]
    aliases = template.get("template", {}).get("aliases", {})
    template["template"]["aliases"] = {settings.index_name(name): body for name, body in aliases.items()}
    if set(template["composed_of"]) != set(components):
        raise ConfigError(f"{folder / INDEX_TEMPLATE_FILE}: composed_of must list exactly {sorted(COMPONENT_FILES)}")
    return ArticleTemplates(alias=alias, index_template_name=alias, index_template=template,
                            components=components)
