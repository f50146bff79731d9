import pytest


@pytest.fixture(autouse=True)
def _engagement_settings(settings, tmp_path):
    settings.SITE_URL = "https://asylon.example.org"
    settings.ENGAGEMENT_SEND_RATE_PER_MINUTE = 0  # no pacing in tests
