"""The assistant's library: everything that does not need Rasa lives here."""
