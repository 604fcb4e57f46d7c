"""Feed ingestion: poll RSS/Atom/JSON feeds politely and publish new articles to `articles.raw`.

Modules of one job each: `feeds` (feed list), `fetch` + `safety` (HTTP), `parse` (feed -> articles),
`canonical` (URL identity), `state` (what was seen), `schedule` (when to poll), `publish` (Kafka),
`poller` (orchestration), `sample_server` (bundled offline feeds).
"""
