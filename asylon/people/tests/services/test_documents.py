import pytest
from django.core.exceptions import ValidationError

from asylon.core.models import AuditEntry
from asylon.people.models import IdentityDocument
from asylon.people.services import document_add, document_remove
from asylon.people.tests.factories import IdentityDocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_add_document(caseworker):
    person = PersonFactory(organisation=caseworker.organisation)
    document = document_add(actor=caseworker, person=person, kind="unhcr", number="505-12C")
    assert document.number_normalised == "50512C"
    assert AuditEntry.objects.filter(action="create",
                                     object_type="people.identitydocument").exists()


def test_document_of_another_person_is_refused(caseworker):
    IdentityDocumentFactory(person__organisation=caseworker.organisation, number="X1")
    person = PersonFactory(organisation=caseworker.organisation)
    with pytest.raises(ValidationError):
        document_add(actor=caseworker, person=person, kind="passport", number="x-1")
    assert person.documents.count() == 0


def test_remove_document(caseworker):
    document = IdentityDocumentFactory(person__organisation=caseworker.organisation)
    document_remove(actor=caseworker, document=document)
    assert not IdentityDocument.objects.exists()
    assert AuditEntry.objects.filter(action="delete").exists()
