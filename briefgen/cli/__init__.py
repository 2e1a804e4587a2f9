"""The command line: one module per command group (:mod:`.articles`, :mod:`.batch`,
:mod:`.send`, :mod:`.setup`, :mod:`.ops`), shared option types in :mod:`.common`, the app and
its registrations in :mod:`.main`. It parses arguments and calls the library."""

from briefgen.cli.main import app, main

__all__ = ["app", "main"]
