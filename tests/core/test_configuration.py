import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "a-test-secret-that-is-long-enough-to-pass-checks-0123456789",
    "ALLOWED_HOSTS": "harbour.example.org",
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
}


def load_production_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DEBUG"}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_start_with_the_required_variables():
    result = load_production_settings(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_settings_refuse_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = load_production_settings(env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_dates_render_as_day_month_name_year(settings):
    rendered = Template("{{ d|date }}").render(Context({"d": date(2025, 3, 3)}))
    assert rendered == "3 March 2025"


def test_locale_and_time_zone(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.LANGUAGE_CODE == "en-gb"
