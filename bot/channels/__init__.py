"""The Rasa input channels, named in credentials.yml by their dotted path: `rest.py` (REST, for
staff tools and tests), `web.py` (the website widget over socket.io), `sms/` (Twilio). Every
message on every channel goes through `inbound/` first."""
