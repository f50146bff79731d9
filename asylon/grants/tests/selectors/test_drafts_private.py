"""Issue 11, item 2: the fund never sees an applicant's unsubmitted draft."""

import pytest
from django.core.files.base import ContentFile

from asylon.core import policy
from asylon.core.roles import Role
from asylon.core.test_clients import response_text
from asylon.grants import selectors
from asylon.grants.models import Attachment
from asylon.grants.tests.factories import ApplicationFactory, CallFactory, FundFactory


@pytest.fixture
def draft(own_org, other_org):
    call = CallFactory(fund=FundFactory(organisation=own_org))
    return ApplicationFactory(call=call, organisation=other_org, status="draft",
                              title="Draft Marker Zq")


def test_the_manager_list_leaves_drafts_out(draft, make_member, own_org):
    manager = make_member(Role.GRANT_MANAGER, own_org)
    assert not selectors.applications_visible_to(membership=manager).exists()
    assert not policy.may(manager, "grants.view_application", draft)


def test_the_applicant_still_sees_its_draft(draft, make_member, other_org):
    applicant = make_member(Role.CASEWORKER, other_org)
    assert list(selectors.applications_visible_to(membership=applicant)) == [draft]


def test_the_manager_cannot_open_export_or_download_a_draft(draft, make_member, own_org,
                                                            client_for):
    attachment = Attachment(application=draft, original_name="plan.pdf",
                            content_type="application/pdf", size=9)
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    client = client_for(make_member(Role.GRANT_MANAGER, own_org))
    assert client.get(f"/grants/applications/{draft.uuid}/").status_code == 404
    assert client.get(f"/grants/attachments/{attachment.uuid}/").status_code == 404
    for url in ("/grants/applications/", "/grants/applications/?export=csv"):
        assert "Draft Marker Zq" not in response_text(client.get(url))


def test_once_submitted_the_manager_sees_it(draft, make_member, own_org):
    draft.status = "submitted"
    draft.save()
    manager = make_member(Role.GRANT_MANAGER, own_org)
    assert list(selectors.applications_visible_to(membership=manager)) == [draft]
