"""Custom Rasa input channels (named in credentials.yml by their module path)."""
