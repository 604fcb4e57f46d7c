"""The `mediamon` command. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import importlib

import click

from mediamon.logs import configure_logging
from mediamon.settings import Settings

# One module per command group; each defines `register(cli: click.Group) -> None`.
COMMAND_MODULES = (
    "mediamon.cli.stack_cmd",
    "mediamon.cli.run_cmd",
    "mediamon.cli.worker_cmd",
    "mediamon.cli.health_cmd",
    "mediamon.cli.annotate_cmd",
    "mediamon.cli.eval_cmd",
    "mediamon.cli.feeds_cmd",
    "mediamon.cli.search_cmd",
    "mediamon.cli.alerts_cmd",
    "mediamon.cli.import_cmd",
    "mediamon.cli.tokens_cmd",
    "mediamon.cli.retention_cmd",
    "mediamon.cli.stories_cmd",
    "mediamon.cli.dlq_cmd",
    "mediamon.cli.reindex_cmd",
    "mediamon.cli.backup_cmd",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--log-level", default=None, help="DEBUG, INFO, WARNING… (default: MEDIAMON_LOG_LEVEL or INFO)")
@click.pass_context
def cli(ctx: click.Context, log_level: str | None) -> None:
    """mediamon: multilingual media monitoring (feeds -> Kafka -> Faust -> Elasticsearch)."""
    settings = Settings()
    configure_logging(log_level or settings.log_level)
    ctx.obj = settings


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(cli)


def main() -> None:
    cli(prog_name="mediamon")
