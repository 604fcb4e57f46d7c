"""The `mediamon` command. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import importlib

import click

from mediamon.errors import MediamonError
from mediamon.logs import configure_logging
from mediamon.settings import Settings
from mediamon.supervision import stop_when_parent_exits

# One module per command group; each defines `register(cli: click.Group) -> None`.
COMMAND_MODULES = (
    "apps.cli.stack_cmd",
    "apps.cli.setup_cmd",
    "apps.cli.run_cmd",
    "apps.cli.worker_cmd",
    "apps.cli.health_cmd",
    "apps.cli.annotate_cmd",
    "apps.cli.eval_cmd",
    "apps.cli.poll_cmd",
    "apps.cli.feeds_cmd",
    "apps.cli.search_cmd",
    "apps.cli.elastic_cmd",
    "apps.cli.api_cmd",
    "apps.cli.alerts_cmd",
    "apps.cli.import_cmd",
    "apps.cli.tokens_cmd",
    "apps.cli.retention_cmd",
    "apps.cli.stories_cmd",
    "apps.cli.dlq_cmd",
    "apps.cli.reindex_cmd",
    "apps.cli.backup_cmd",
)


class MediamonGroup(click.Group):
    """The root command: every MediamonError a command lets through (a bad data file, a missing
    subscription, an unreachable store) ends as one `Error: …` line and exit status 1, never a
    traceback, so commands need no handler of their own."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except MediamonError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=MediamonGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--log-level", default=None, help="DEBUG, INFO, WARNING… (default: MEDIAMON_LOG_LEVEL or INFO)")
@click.pass_context
def cli(ctx: click.Context, log_level: str | None) -> None:
    """mediamon: multilingual media monitoring (feeds -> Kafka -> Faust -> Elasticsearch)."""
    settings = Settings()
    configure_logging(log_level or settings.log_level)
    if settings.parent_pid is not None:
        stop_when_parent_exits(settings.parent_pid)
    ctx.obj = settings


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(cli)


def main() -> None:
    cli(prog_name="mediamon")
