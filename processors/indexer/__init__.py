"""The indexer stage of the pipeline."""
