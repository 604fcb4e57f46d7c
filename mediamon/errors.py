"""One exception root so callers can catch everything mediamon raises on purpose."""


class MediamonError(Exception):
    """Base of every error mediamon raises deliberately; the original cause is chained."""


class ConfigError(MediamonError):
    """A data or settings file is wrong; the message names the file and, where known, the line."""


class StackError(MediamonError):
    """The local Kafka/Elasticsearch stack could not be started, reached or stopped."""


class RecordError(MediamonError):
    """A message does not match the record schema (permanent: goes to the dead-letter topic)."""
