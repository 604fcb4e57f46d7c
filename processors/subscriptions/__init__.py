"""Alert subscriptions as plain logic, no faust: validation, query matching, the filter index,
rendering, digests, rate limits, spikes, source silence and sealed channel secrets. The faust
agents that run them live in `processors/alerts/`; the CLI and the API use them directly."""
