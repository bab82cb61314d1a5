"""The action server stays light: importing every action module loads neither spaCy nor
TensorFlow nor Rasa itself (they cost about 430 MB and 10 s of start-up; the crisis check runs
in the Rasa server's NLU, and actions read its entities by name from bot/safety/models.py)."""

import subprocess
import sys

from bot.settings import PROJECT_ROOT

HEAVY = ("spacy", "tensorflow", "rasa")

PROBE = f"""
import importlib, pkgutil, sys
import actions
for module in pkgutil.walk_packages(actions.__path__, "actions."):
    importlib.import_module(module.name)
print(" ".join(name for name in {HEAVY!r} if name in sys.modules))
"""


def test_importing_every_action_module_loads_no_heavy_library():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"the action server imports {result.stdout.strip()}"
