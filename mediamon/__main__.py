"""`python -m mediamon` runs the CLI (used to start child processes with the same interpreter)."""

from apps.cli import main

main()
