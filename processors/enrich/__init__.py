"""Enrichment: the one function both `mediamon annotate` and the Faust agent run."""
