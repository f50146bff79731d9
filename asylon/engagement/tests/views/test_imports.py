import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asylon.core.test_clients import response_text
from asylon.engagement.models import SubscriberImport, Subscription
from asylon.engagement.tests.factories import make_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms(own_org, make_member):
    return make_member("communications", own_org)


def _file(text="email,name\namal@example.org,Amal\nnot-an-address,X\n"):
    return SimpleUploadedFile("readers.csv", text.encode(), content_type="text/csv")


def test_upload_preview_and_import(client_for, comms, own_org):
    newsletter = make_list(own_org)
    client = client_for(comms)
    response = client.post(f"/engagement/lists/{newsletter.uuid}/import/",
                           {"file": _file(), "consent": "confirm", "consent_proof": ""})
    job = SubscriberImport.objects.get()
    assert response.status_code == 302 and response.url == f"/engagement/imports/{job.uuid}/"
    preview = response_text(client.get(response.url))
    assert "Enter a valid e-mail address" in preview and "amal@example.org" in preview
    assert "Import 1 address" in preview
    assert not Subscription.objects.exists()
    client.post(response.url)
    client.post(response.url)  # pressed twice
    assert Subscription.objects.get().subscriber.email == "amal@example.org"


def test_proof_chosen_but_not_described_keeps_the_form(client_for, comms, own_org):
    newsletter = make_list(own_org)
    response = client_for(comms).post(f"/engagement/lists/{newsletter.uuid}/import/",
                                      {"file": _file(), "consent": "proof", "consent_proof": ""})
    assert response.status_code == 400
    assert "Describe the proof of consent" in response_text(response)
    assert not SubscriberImport.objects.exists()


def test_a_file_without_an_email_column_is_explained(client_for, comms, own_org):
    newsletter = make_list(own_org)
    response = client_for(comms).post(f"/engagement/lists/{newsletter.uuid}/import/",
                                      {"file": _file("name\nAmal\n"), "consent": "confirm"})
    assert "No column of e-mail addresses found" in response_text(response)
    assert not SubscriberImport.objects.exists()
