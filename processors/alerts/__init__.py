"""The alerts stage of the pipeline."""
