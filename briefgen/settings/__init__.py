"""The options schema, its value types, config files and the mail settings."""
