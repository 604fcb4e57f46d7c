"""mediamon: streaming multilingual media monitoring (shared core: settings, records, topology)."""

__version__ = "0.1.0"
