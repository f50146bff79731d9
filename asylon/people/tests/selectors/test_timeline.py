import datetime

import pytest

from asylon.core.models import ConsentPurpose
from asylon.core.roles import Role
from asylon.core.services import consent_give
from asylon.people import timeline
from asylon.people.tests.factories import IdentityDocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_people_items_registration_document_and_consent(caseworker):
    person = PersonFactory(organisation=caseworker.organisation)
    IdentityDocumentFactory(person=person)
    consent_give(actor=caseworker, subject=person, purpose=ConsentPurpose.REFERRAL)
    kinds = [item.kind for item in timeline.items_for(person, caseworker)]
    assert sorted(kinds) == ["consent", "document", "registration"]


def test_items_are_newest_first(caseworker):
    person = PersonFactory(organisation=caseworker.organisation,
                           created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    IdentityDocumentFactory(person=person)
    assert [i.kind for i in timeline.items_for(person, caseworker)] == ["document",
                                                                        "registration"]


def test_items_the_role_may_not_see_are_left_out(own_org, make_member):
    resettlement = make_member(Role.RESETTLEMENT_OFFICER, own_org)
    person = PersonFactory(organisation=own_org)

    def notes(p, membership):
        return [timeline.TimelineItem(date=datetime.date(2024, 5, 1), kind="note",
                                      title="Confidential note",
                                      permission="people.merge_person")]

    timeline.register(notes)
    try:
        titles = [i.title for i in timeline.items_for(person, resettlement)]
    finally:
        timeline.unregister(notes)
    assert "Confidential note" not in titles


def test_providers_add_dated_items(caseworker):
    person = PersonFactory(organisation=caseworker.organisation)

    def cases(p, membership):
        return [timeline.TimelineItem(date=datetime.date(2999, 1, 1), kind="case",
                                      title="Case opened")]

    timeline.register(cases)
    try:
        first = timeline.items_for(person, caseworker)[0]
    finally:
        timeline.unregister(cases)
    assert first.title == "Case opened"
