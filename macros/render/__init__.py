"""Pure functions from the model to Markdown and HTML text. Every clinical string is escaped here."""
