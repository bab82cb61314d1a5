"""Start-up: `serve.py` starts the assistant (`make run`, `make shell`; the action server and the
Rasa server, supervised), `training.py` trains the model when the data changed (`make train`),
`environment.py` derives the servers' environment from the settings. Only ops/, scripts/, the
Makefile and deploy/ reach this package."""
