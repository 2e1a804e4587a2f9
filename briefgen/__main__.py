"""``python -m briefgen``: what cron entries run, so they need no PATH."""

from briefgen.cli import main

main()
