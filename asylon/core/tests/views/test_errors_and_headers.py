import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_url_gives_a_translated_404(own_org, make_member, client_for):
    member = make_member("caseworker", own_org, language="nl")
    response = client_for(member).get("/does-not-exist/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_forbidden_page_gives_403_with_layout(own_org, make_member, client_for):
    response = client_for(make_member("volunteer", own_org)).get("/organisation/audit/")
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()


def test_server_error_page_renders_without_context(rf):
    from asylon.core.views_errors import server_error
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_security_headers_are_sent(client):
    response = client.get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_every_form_carries_a_csrf_token(client):
    assert "csrfmiddlewaretoken" in client.get("/accounts/login/").content.decode()


def test_django_admin_is_closed_to_organisation_admins(own_org, make_member, client_for):
    response = client_for(make_member("org_admin", own_org)).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_production_settings_pass_the_deploy_checklist(tmp_path):
    root = Path(__file__).resolve().parents[4]
    # DJANGO_ALLOW_ASYNC_UNSAFE is set in-process by the browser fixtures (Playwright's
    # event loop); a production process never has it, and the checklist refuses it.
    env = {k: v for k, v in os.environ.items()
           if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT",
                        "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-with-entropy-0192837465",
        "ALLOWED_HOSTS": "asylon.example.org", "ASYLON_VAR_DIR": str(tmp_path),
        "FIELD_ENCRYPTION_KEYS": "3q2bJtZrV1bTn2x5z2L3x6uGZ8wF7cM9mN1pQ4rS5tU=",
        "DJANGO_SETTINGS_MODULE": "asylon.settings",
    })
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                             "WARNING"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_error_reports_hide_every_submitted_value(rf):
    from asylon.core.error_reports import NoPersonalDataFilter
    request = rf.post("/people/new/", {"given_name": "Amina", "narrative": "fled from"})
    cleaned = NoPersonalDataFilter().get_post_parameters(request)
    assert set(cleaned) == {"given_name", "narrative"}
    assert "Amina" not in str(cleaned)
