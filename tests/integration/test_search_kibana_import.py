"""`mediamon kibana import` posts our NDJSON the way Kibana's import API expects, and reports failures;
the stories view's searches and aggregations answer from a real index (the local stack).

Kibana itself cannot run here, so a local HTTP server stands in and records the request.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from mediamon.elastic import load_templates
from mediamon.elastic.kibana import objects_for
from mediamon.records import EnrichedArticle
from mediamon.settings import Settings
from tests.conftest import run_mediamon
from tests.integration.articles import article, index_articles, prepared


class _Recorder(BaseHTTPRequestHandler):
    requests: list[dict] = []
    answer: dict = {"success": True, "successCount": 0}

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body)
        files = {part.get_param("name", header="content-disposition"): part.get_content()
                 for part in message.iter_parts()}
        type(self).requests.append({"path": self.path, "xsrf": self.headers.get("kbn-xsrf"), "files": files})
        payload = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def kibana() -> Iterator[type[_Recorder]]:
    _Recorder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield _Recorder
    server.shutdown()
    server.server_close()


def test_import_overwrites_by_id_with_the_data_view_on_our_alias(kibana: type[_Recorder]) -> None:
    settings = Settings(index_prefix="tenant7-")
    kibana.answer = {"success": True, "successCount": 10}
    result = run_mediamon(settings, "kibana", "import", "--url", kibana.url)
    assert result.returncode == 0, result.stderr
    assert "imported 10 saved objects" in result.stdout
    (request,) = kibana.requests
    assert request["path"] == "/api/saved_objects/_import?overwrite=true" and request["xsrf"]
    objects = [json.loads(line) for line in request["files"]["file"].splitlines() if line.strip()]
    data_view = next(obj for obj in objects if obj["type"] == "index-pattern")
    assert data_view["attributes"]["title"] == "tenant7-articles"
    assert {obj["attributes"]["title"] for obj in objects} >= {"CSTO mentions", "Media monitoring", "Story timeline",
                                                               "Largest stories", "Stories"}


def test_a_partial_failure_is_reported_with_kibanas_errors(kibana: type[_Recorder]) -> None:
    kibana.answer = {"success": False, "successCount": 9,
                     "errors": [{"id": "mediamon-dashboard-media-monitoring", "error": {"type": "missing_references"}}]}
    result = run_mediamon(Settings(), "kibana", "import", "--url", kibana.url)
    assert result.returncode == 1
    assert "missing_references" in result.stderr and "mediamon-dashboard-media-monitoring" in result.stderr


def _story_articles() -> list[EnrichedArticle]:
    """Story s1 told in Russian (its origin, by TASS), then English and Bengali crediting TASS; s3,
    larger but English only (four outlets); s2, one article."""
    start = datetime(2026, 11, 2, 8, tzinfo=timezone.utc)
    told = [("s1-ru", "s1-ru", "ru", "TASS", 0), ("s1-en", "s1-ru", "en", "Reuters", 40),
            ("s1-bn", "s1-ru", "bn", "Prothom Alo", 90), ("s2-en", "s2-en", "en", "Reuters", 5)]
    told += [(f"s3-{n}", "s3-en", "en", f"Outlet {n}", n) for n in range(4)]
    articles = []
    for article_id, story_id, lang, source, minutes in told:
        item = article(article_id, f"News {article_id}", "Rivers rose overnight.", lang,
                       start + timedelta(minutes=minutes), source=source)
        item.story_id = item.story_origin_id = story_id
        if article_id in ("s1-en", "s1-bn"):
            item.cited, item.story_credits_origin = ["tass"], True
        articles.append(item)
    return articles


def _es_aggs(vis: dict[str, Any]) -> dict[str, Any]:
    """The Elasticsearch aggregations a Kibana terms/cardinality visualization asks for: buckets
    nested in order, metrics inside the innermost bucket."""
    aggs = json.loads(vis["attributes"]["visState"])["aggs"]
    metrics = {agg["id"]: {"cardinality": {"field": agg["params"]["field"]}}
               for agg in aggs if agg["type"] == "cardinality"}
    inner: dict[str, Any] = metrics
    for agg in reversed([agg for agg in aggs if agg["type"] == "terms"]):
        params = agg["params"]
        terms: dict[str, Any] = {"field": params["field"], "size": params["size"]}
        sub = dict(inner)
        if params["orderBy"] == "custom":
            order_agg = params["orderAgg"]
            sub[order_agg["id"]] = {"cardinality": {"field": order_agg["params"]["field"]}}
            terms["order"] = {order_agg["id"]: params["order"]}
        inner = {agg["id"]: {"terms": terms, "aggs": sub}}
    return inner


def test_the_stories_view_answers_from_a_real_index(stack_settings: Settings) -> None:
    es = prepared(stack_settings)
    index_articles(stack_settings, _story_articles())
    alias = load_templates(stack_settings).alias
    by_title = {obj["attributes"]["title"]: obj for obj in objects_for(stack_settings)}

    timeline = by_title["Story timeline"]["attributes"]
    hits = es.search(index=alias, query={"exists": {"field": "story_id"}}, size=10,
                     sort=[{field: order} for field, order in timeline["sort"]])["hits"]["hits"]
    rows = [[hit["_source"].get(column) for column in ("story_id", "source", "lang", "cited")] for hit in hits]
    assert rows[:4] == [["s1-ru", "TASS", "ru", []], ["s1-ru", "Reuters", "en", ["tass"]],
                        ["s1-ru", "Prothom Alo", "bn", ["tass"]], ["s2-en", "Reuters", "en", []]]
    assert [row[1] for row in rows[4:]] == [f"Outlet {n}" for n in range(4)]

    largest = es.search(index=alias, size=0, aggs=_es_aggs(by_title["Largest stories"]))["aggregations"]
    rows = [(b["key"], b["doc_count"], b["3"]["value"], b["4"]["value"]) for b in largest["2"]["buckets"]]
    assert rows == [("s3-en", 4, 1, 4), ("s1-ru", 3, 3, 3), ("s2-en", 1, 1, 1)]  # articles, languages, outlets

    spreading = es.search(index=alias, size=0,
                          aggs=_es_aggs(by_title["Stories spreading across languages"]))["aggregations"]
    # The local server ignores a terms order by a sub-aggregation (Elasticsearch sorts by it), so
    # the most multilingual story is picked here from the ordering aggregation's values.
    first = max(spreading["2"]["buckets"], key=lambda bucket: bucket["2-orderAgg"]["value"])
    assert first["key"] == "s1-ru" and {bucket["key"] for bucket in first["3"]["buckets"]} == {"ru", "en", "bn"}
