"""The one accessor for configuration.

Every setting that varies between deployments is read here from an
environment variable (a `.env` file at the top of the checkout, if present,
is loaded into the environment first). `.env.example` documents each one.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_dotenv = BASE_DIR / ".env"
if _dotenv.is_file():
    env.read_env(str(_dotenv), overwrite=False)
