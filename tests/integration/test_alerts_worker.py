"""Alerts end to end on the real local stack: a `mediamon worker` subprocess, subscriptions made with
`mediamon alerts add`, articles put on `articles.enriched`, a real HTTP receiver and SMTP server.

One worker serves the whole module (starting one costs seconds); each test separates its traffic
by source name, webhook path and e-mail address. The restart test runs last.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from apps.cli.alerts_cmd import alerts
from mediamon.kafka_topics import ensure_topics
from mediamon.records import FEED_ERROR, FEED_OK, DeadLetter, FeedHealth
from mediamon.settings import Settings
from mediamon.topology import ALERTS_DLQ, ARTICLES_ENRICHED, FEEDS_HEALTH
from tests.conftest import MediamonProcess, start_worker
from tests.integration.alerts_helpers import (
    ArticleProducer,
    SmtpServer,
    WebhookReceiver,
    article,
    wait_for,
)
from tests.integration.poller_helpers import read_topic

pytestmark = pytest.mark.integration
SECRET = "whsec-integration-test-0123456789"
BOT_TOKEN = "123456:bot-token-integration-test"
CSTO_TITLE = "Саммит ОДКБ в Минске"
CSTO_TEXT = "В Минске прошёл саммит ОДКБ: лидеры стран обсудили коллективную безопасность."
QUIET = 2.0  # seconds to wait before concluding that nothing more arrives


class Env:
    def __init__(self, settings: Settings, hook: WebhookReceiver, smtp: SmtpServer, log_dir: Path) -> None:
        self.settings, self.hook, self.smtp, self.log_dir = settings, hook, smtp, log_dir
        self.articles = ArticleProducer(settings)
        self.worker = self.start_worker()

    def start_worker(self) -> MediamonProcess:
        worker = start_worker(self.settings, self.log_dir / f"worker-{time.time():.0f}.log")
        self.worker = worker
        ready = wait_for(lambda: worker.process.poll() is not None or (
            "subscriptions loaded" in worker.log() and "Worker]: Ready" in worker.log()), 90, interval=0.2)
        assert ready and worker.process.poll() is None, worker.log()[-3000:]
        return worker

    def cli(self, *args: str) -> str:
        """`mediamon alerts ARGS` in process (the command code itself; a subprocess costs seconds)."""
        done = CliRunner().invoke(alerts, list(args), obj=self.settings, catch_exceptions=False)
        assert done.exit_code == 0, done.output
        return done.output

    def subscribe(self, *args: str) -> str:
        sub_id = self.cli("add", "--name", f"test {uuid.uuid4().hex[:4]}", *args).strip().splitlines()[-1]
        # The worker follows the subscriptions topic; `alerts test` would need a receiver per channel,
        # so wait for the worker to have read the record by sending nothing and giving it a moment.
        time.sleep(1.0)
        return sub_id


@pytest.fixture(scope="module")
def env(local_stack: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    unique = uuid.uuid4().hex[:8]
    hook, smtp = WebhookReceiver(), SmtpServer()
    settings = local_stack.model_copy(update={
        "topic_prefix": f"t{unique}.", "index_prefix": f"t{unique}-", "app_id": f"mediamon-alerts-{unique}",
        "smtp_port": smtp.port, "alerts_retry_base_seconds": 0.2, "alerts_retry_attempts": 3,
        "alerts_tick_seconds": 0.5, "log_level": "INFO", "telegram_api_url": hook.url("/tg"),
        # The receivers run on loopback: private destinations are allowed explicitly, as an operator would.
        "alerts_allow_private_networks": True, "smtp_security": "none"})
    ensure_topics(settings)
    environment = Env(settings, hook, smtp, tmp_path_factory.mktemp("alerts-worker"))
    try:
        yield environment
    finally:
        environment.worker.stop()
        environment.articles.close()
        hook.close()
        smtp.close()


def verify_signature(header: str, body: bytes, secret: str) -> int:
    parts = dict(item.split("=", 1) for item in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected), "signature does not verify"
    return int(parts["t"])


def test_russian_csto_article_alerts_once_by_signed_webhook_and_email(env: Env) -> None:
    env.subscribe("--entity", "CSTO", "--lang", "ru", "--source", "s1", "--webhook", env.hook.url("/s1"),
                  "--secret", SECRET, "--email", "s1@example.org")
    item = article(CSTO_TITLE, CSTO_TEXT, [("ОДКБ", "CSTO")], source="s1")
    sent = env.articles.send(item)

    assert wait_for(lambda: env.hook.at("/s1") and env.smtp.to("s1@example.org"), 15), env.worker.log()[-3000:]
    call, (mail, mailed_at) = env.hook.at("/s1")[0], env.smtp.to("s1@example.org")[0]
    assert call.at - sent < 5 and mailed_at - sent < 5
    signed_at = verify_signature(call.headers["X-Mediamon-Signature"], call.body, SECRET)
    assert abs(signed_at - time.time()) < 60
    body = json.loads(call.body)
    assert (body["article_id"], body["title"], body["lang"], body["entities"]) == (item.id, CSTO_TITLE, "ru", ["CSTO"])
    assert body["mentions"][0]["surface"] == "ОДКБ" and "саммит ОДКБ" in body["mentions"][0]["snippet"]
    parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in mail.walk()
             if not part.is_multipart()}
    assert CSTO_TITLE in mail["Subject"] and item.url in parts["text/plain"]
    assert "<mark>ОДКБ</mark>" in parts["text/html"]

    env.articles.send(item)
    time.sleep(QUIET)
    assert len(env.hook.at("/s1")) == 1 and len(env.smtp.to("s1@example.org")) == 1


def test_paused_subscription_sends_nothing_until_resumed(env: Env) -> None:
    sub_id = env.subscribe("--entity", "CSTO", "--source", "s2", "--webhook", env.hook.url("/s2"))
    env.cli("pause", sub_id)
    time.sleep(1.0)
    env.articles.send(article(CSTO_TITLE, CSTO_TEXT, [("ОДКБ", "CSTO")], source="s2"))
    time.sleep(QUIET)
    assert env.hook.at("/s2") == []

    env.cli("resume", sub_id)
    time.sleep(1.0)
    env.articles.send(article("Другая новость об ОДКБ", CSTO_TEXT, [("ОДКБ", "CSTO")], source="s2"))
    assert wait_for(lambda: len(env.hook.at("/s2")) == 1, 10)


def test_webhook_failing_twice_then_ok_is_delivered_once(env: Env) -> None:
    env.hook.statuses["/s3"] = [500, 500, 200]
    sub_id = env.subscribe("--entity", "CSTO", "--source", "s3", "--webhook", env.hook.url("/s3"))
    env.articles.send(article(CSTO_TITLE, CSTO_TEXT, [("ОДКБ", "CSTO")], source="s3"))

    assert wait_for(lambda: len(env.hook.at("/s3")) == 3, 15)
    time.sleep(QUIET)
    calls = env.hook.at("/s3")
    assert len(calls) == 3 and len({c.headers["X-Mediamon-Alert"] for c in calls}) == 1
    assert "delivery: ok" in env.cli("show", sub_id)


def test_webhook_that_always_fails_goes_to_dlq_and_shows_in_alerts_show(env: Env) -> None:
    env.hook.statuses["/s4"] = [503]
    sub_id = env.subscribe("--entity", "CSTO", "--source", "s4", "--webhook", env.hook.url("/s4"),
                           "--secret", SECRET)
    item = article(CSTO_TITLE, CSTO_TEXT, [("ОДКБ", "CSTO")], source="s4")
    env.articles.send(item)

    letters = [DeadLetter.loads(value) for key, value in read_topic(env.settings, ALERTS_DLQ, 1, timeout=20)
               if key == sub_id.encode()]
    assert letters and "webhook" in letters[0].reason and item.id in letters[0].payload
    assert len(env.hook.at("/s4")) == env.settings.alerts_retry_attempts
    assert wait_for(lambda: "FAILED" in env.cli("show", sub_id), 10)
    shown = env.cli("show", sub_id) + env.cli("list")
    assert "HTTP 503" in shown and SECRET not in shown


def test_a_webhook_that_recovered_still_shows_its_earlier_failure_in_alerts_show(env: Env) -> None:
    env.hook.statuses["/s11"] = [404]
    sub_id = env.subscribe("--entity", "CSTO", "--source", "s11", "--webhook", env.hook.url("/s11"))
    env.articles.send(article(CSTO_TITLE, CSTO_TEXT, [("ОДКБ", "CSTO")], source="s11"))
    assert wait_for(lambda: "FAILED" in env.cli("show", sub_id), 15)

    env.hook.statuses["/s11"] = [200]
    env.articles.send(article("Другая новость об ОДКБ", CSTO_TEXT, [("ОДКБ", "CSTO")], source="s11"))
    assert wait_for(lambda: "delivery: ok" in env.cli("show", sub_id), 15)
    history = [line.split(None, 2)[2] for line in env.cli("show", sub_id).splitlines() if line.startswith("  20")]
    assert history == ["ok  match (1 articles)", "FAILED  match (1 articles)  webhook: HTTP 404"]


def test_invalid_enriched_records_are_dead_lettered_with_the_reason_and_alerting_goes_on(env: Env) -> None:
    env.subscribe("--entity", "CSTO", "--source", "s10", "--webhook", env.hook.url("/s10"))
    no_url = json.loads(article(CSTO_TITLE, CSTO_TEXT, [("ОДКБ", "CSTO")], source="s10").dumps())
    del no_url["url"]
    topic = env.settings.topic(ARTICLES_ENRICHED)
    env.articles.producer.send(topic, key=b"s10-no-url", value=json.dumps(no_url).encode())
    env.articles.producer.send(topic, key=b"s10-not-json", value=b"{not json")
    env.articles.send(article("Ещё одна новость об ОДКБ", CSTO_TEXT, [("ОДКБ", "CSTO")], source="s10"))

    assert wait_for(lambda: len(env.hook.at("/s10")) == 1, 15), env.worker.log()[-3000:]
    letters: dict[bytes, DeadLetter] = {}

    def both_dead_lettered() -> bool:
        letters.update({key: DeadLetter.loads(value) for key, value in read_topic(env.settings, ALERTS_DLQ, 1, 5)
                        if key in (b"s10-no-url", b"s10-not-json")})
        return len(letters) == 2

    assert wait_for(both_dead_lettered, 20), letters
    assert letters[b"s10-no-url"].stage == "alerts.match" and "missing fields: url" in letters[b"s10-no-url"].error
    assert "not JSON" in letters[b"s10-not-json"].error and letters[b"s10-not-json"].payload == "{not json"


def test_spike_after_quiet_baseline_alerts_once(env: Env) -> None:
    env.subscribe("--mode", "spike", "--entity", "SMO", "--source", "s5", "--factor", "3", "--min-count", "10",
                  "--window", "1h", "--webhook", env.hook.url("/s5"))
    now = datetime.now(timezone.utc)
    text = "Продолжается СВО, сообщает агентство."
    baseline = [article(f"Сводка {h}", text, [("СВО", "SMO")], source="s5", published=now - timedelta(hours=h))
                for h in range(6, 0, -1)]
    env.articles.send(*baseline)
    time.sleep(QUIET)
    assert env.hook.at("/s5") == []

    env.articles.send(*[article(f"Срочно {i}", text, [("СВО", "SMO")], source="s5") for i in range(30)])
    assert wait_for(lambda: env.hook.at("/s5"), 15)
    time.sleep(QUIET)
    spikes = [json.loads(c.body) for c in env.hook.at("/s5")]
    assert len(spikes) == 1 and spikes[0]["kind"] == "spike" and "SMO" in spikes[0]["message"]


def test_digest_sends_one_message_with_all_matches_grouping_copies(env: Env) -> None:
    env.subscribe("--mode", "digest", "--every", "6s", "--entity", "CSTO", "--source", "s6a", "--source", "s6b",
                  "--webhook", env.hook.url("/s6"))
    wait_for(lambda: time.time() % 6 < 0.3, 7)
    first = article(CSTO_TITLE, CSTO_TEXT, [("ОДКБ", "CSTO")], source="s6a")
    second = article("Учения ОДКБ начались", "Начались учения ОДКБ в Таджикистане.", [("ОДКБ", "CSTO")], source="s6a")
    copy = article(CSTO_TITLE, CSTO_TEXT, [("ОДКБ", "CSTO")], source="s6b")
    env.articles.send(first, second, copy)

    assert wait_for(lambda: env.hook.at("/s6"), 15)
    time.sleep(QUIET)
    digests = [json.loads(c.body) for c in env.hook.at("/s6")]
    assert len(digests) == 1 and digests[0]["kind"] == "digest"
    # Articles on different partitions race: whichever copy came first stands for the story.
    listed = {a["article_id"]: a["also_in"] for a in digests[0]["articles"]}
    assert listed in ({first.id: ["s6b"], second.id: []}, {copy.id: ["s6a"], second.id: []})


def test_slack_and_telegram_get_their_own_formats_and_cli_test_reaches_them(env: Env) -> None:
    sub_id = env.subscribe("--entity", "CSTO", "--source", "s8", "--slack", env.hook.url("/slack"),
                           "--telegram", f"{BOT_TOKEN}:-10042")
    env.articles.send(article(CSTO_TITLE, CSTO_TEXT, [("ОДКБ", "CSTO")], source="s8"))
    telegram_path = f"/tg/bot{BOT_TOKEN}/sendMessage"
    assert wait_for(lambda: env.hook.at("/slack") and env.hook.at(telegram_path), 10)
    slack, telegram = json.loads(env.hook.at("/slack")[0].body), json.loads(env.hook.at(telegram_path)[0].body)
    assert CSTO_TITLE in slack["text"] and "*ОДКБ*" in slack["text"]
    assert telegram["chat_id"] == "-10042"
    assert telegram["parse_mode"] == "HTML" and "<b>ОДКБ</b>" in telegram["text"]

    tested = env.cli("test", sub_id)
    assert tested.count("ok ") == 2 and len(env.hook.at("/slack")) == 2
    assert BOT_TOKEN not in tested + env.cli("show", sub_id) + env.worker.log()


def test_silent_feed_alerts_once_and_says_when_it_is_back(env: Env) -> None:
    env.subscribe("--mode", "silence", "--source", "s9", "--webhook", env.hook.url("/s9"))
    start = datetime.now(timezone.utc) - timedelta(hours=2)
    polls = [(0, 2, FEED_OK), (10, 1, FEED_OK), (20, 3, FEED_OK), (30, 0, FEED_OK), (45, 0, FEED_OK),
             (51, 0, FEED_ERROR), (60, 0, FEED_ERROR), (70, 4, FEED_OK), (80, 1, FEED_OK)]
    producer = env.articles.producer
    for minute, new, status in polls:
        health = FeedHealth(feed_url="https://s9.example/rss", name="s9", status=status, new_entries=new,
                            at=start + timedelta(minutes=minute), error="timed out" if status == FEED_ERROR else None)
        producer.send(env.settings.topic(FEEDS_HEALTH), key=health.feed_url.encode(), value=health.dumps())
    producer.flush()

    assert wait_for(lambda: len(env.hook.at("/s9")) == 2, 10)
    time.sleep(QUIET)
    kinds = [json.loads(c.body) for c in env.hook.at("/s9")]
    assert [k["kind"] for k in kinds] == ["silence", "back"] and "timed out" in kinds[0]["message"]


def test_worker_restart_keeps_subscriptions_and_dedup(env: Env) -> None:
    env.subscribe("--entity", "CSTO", "--source", "s7", "--webhook", env.hook.url("/s7"))
    item = article(CSTO_TITLE, CSTO_TEXT, [("ОДКБ", "CSTO")], source="s7")
    env.articles.send(item)
    assert wait_for(lambda: len(env.hook.at("/s7")) == 1, 10)

    env.worker.stop()
    env.start_worker()
    env.articles.send(item)
    later = article("Новое заявление ОДКБ", CSTO_TEXT, [("ОДКБ", "CSTO")], source="s7")
    env.articles.send(later)
    assert wait_for(lambda: len(env.hook.at("/s7")) == 2, 60), env.worker.log()[-3000:]
    time.sleep(QUIET)
    assert [json.loads(c.body)["article_id"] for c in env.hook.at("/s7")] == [item.id, later.id]
