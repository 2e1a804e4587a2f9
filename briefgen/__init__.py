"""briefgen: turn a pile of news articles into a daily briefing."""

__version__ = "0.2.0"
