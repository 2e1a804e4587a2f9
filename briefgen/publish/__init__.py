"""Publishing an edition: output names, staging, history, ``latest`` links and the archive."""
