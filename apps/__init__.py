"""Entry points, the top layer: the `mediamon` command (`cli/`) and the HTTP API (`api/`).
They may import every layer below (the `mediamon` core, `ingest`, `processors`); nothing imports them."""
