"""Importing subscribers: a preview with row errors, double opt-in unless proof of consent
is given, the do-not-email list respected, nothing imported twice."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from asylon.engagement.models import (
    SubscriberImport,
    Subscription,
    SubscriptionStatus,
    SuppressionReason,
)
from asylon.engagement.services import imports, lists
from asylon.engagement.tests.factories import confirmed_subscriber, make_list

pytestmark = pytest.mark.django_db


def _csv(text: str, name="readers.csv"):
    return SimpleUploadedFile(name, text.encode())


def _upload(mailing_list, text, **kwargs):
    return imports.import_upload(mailing_list=mailing_list, actor=None, upload=_csv(text),
                                 **kwargs)


def _outcomes(job):
    return {row.email or row.number: row.outcome for row in imports.check(job)}


def test_the_preview_shows_each_row_s_outcome_and_errors(own_org):
    newsletter = make_list(own_org)
    job = _upload(newsletter, "email;name;language;country\n"
                              "amal@example.org;Amal;ar;NL\n"
                              "not-an-address;X;en;NL\n"
                              "temp@mailinator.com;Y;en;NL\n"
                              "bob@example.org;Bob;xx;Netherlands\n"
                              "AMAL@example.org;Amal again;ar;NL\n")
    rows = imports.check(job)
    assert [r.outcome for r in rows] == ["new", "error", "error", "error", "duplicate"]
    assert rows[0].number == 2 and rows[0].language == "ar"
    assert any("valid e-mail address" in e for e in rows[1].errors)
    assert any("throw-away" in e for e in rows[2].errors)
    assert len(rows[3].errors) == 2  # language and country
    assert not Subscription.objects.exists()  # a preview changes nothing


def test_without_proof_new_addresses_wait_for_their_confirmation_link(own_org):
    newsletter = make_list(own_org, double_opt_in=False)  # an import still confirms
    job = _upload(newsletter, "email,name\namal@example.org,Amal\nbob@example.org,Bob\n")
    mail.outbox.clear()
    counts = imports.import_commit(job=job, actor=None)
    assert counts["new"] == 2
    assert set(Subscription.objects.values_list("status", flat=True)) == {"pending"}
    assert sorted(m.to[0] for m in mail.outbox) == ["amal@example.org", "bob@example.org"]
    assert "/engagement/public/confirm/" in mail.outbox[0].body


def test_with_proof_of_consent_they_are_subscribed_and_the_proof_kept(own_org):
    newsletter = make_list(own_org)
    job = _upload(newsletter, "email\namal@example.org\n",
                  consent_proof="Paper sign-up sheet, information evening 12 Nov 2026")
    mail.outbox.clear()
    imports.import_commit(job=job, actor=None)
    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    assert "information evening 12 Nov 2026" in subscription.consent_text
    assert subscription.source.startswith("import ") and "readers.csv" in subscription.source
    assert mail.outbox == []


def test_an_address_on_the_do_not_email_list_is_never_imported_even_with_proof(own_org):
    newsletter = make_list(own_org)
    lists.suppress(organisation_id=own_org.pk, email="gone@example.org",
                   reason=SuppressionReason.UNSUBSCRIBED)
    job = _upload(newsletter, "email\nGone@Example.org\nnew@example.org\n",
                  consent_proof="Signed form")
    assert _outcomes(job)["gone@example.org"] == "suppressed"
    imports.import_commit(job=job, actor=None)
    assert list(Subscription.objects.values_list("subscriber__email", flat=True)) == [
        "new@example.org"]


def test_importing_twice_adds_nothing_and_changes_nobody(own_org):
    newsletter = make_list(own_org)
    existing = confirmed_subscriber(newsletter, email="amal@example.org")
    job = _upload(newsletter, "email,name\namal@example.org,Someone else\nbob@example.org,Bob\n")
    assert imports.import_commit(job=job, actor=None)["already"] == 1
    assert imports.import_commit(job=job, actor=None)["new"] == 1  # a repeated POST
    again = _upload(newsletter, "email,name\namal@example.org,X\nbob@example.org,Bob\n")
    with pytest.raises(ValidationError, match="Nothing to import"):
        imports.import_commit(job=again, actor=None)
    assert Subscription.objects.count() == 2
    existing.refresh_from_db()
    assert existing.name == ""  # an import does not overwrite what the person gave


def test_an_unsubscribed_reader_stays_unsubscribed(own_org):
    newsletter = make_list(own_org)
    subscriber = confirmed_subscriber(newsletter, email="left@example.org")
    Subscription.objects.filter(subscriber=subscriber).update(
        status=SubscriptionStatus.UNSUBSCRIBED)
    job = _upload(newsletter, "email\nleft@example.org\nnew@example.org\n",
                  consent_proof="Signed form")
    imports.import_commit(job=job, actor=None)
    assert Subscription.objects.get(subscriber=subscriber).status == "unsubscribed"


def test_the_uploaded_addresses_are_emptied_once_imported(own_org):
    job = _upload(make_list(own_org), "email\namal@example.org\n")
    imports.import_commit(job=job, actor=None)
    assert SubscriberImport.objects.get().rows == []


def test_an_xlsx_file_is_read(own_org):
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(["E-mail", "Name", "Country"])
    book.active.append(["amal@example.org", "أمل", "nl"])
    content = io.BytesIO()
    book.save(content)
    upload = SimpleUploadedFile("readers.xlsx", content.getvalue())
    job = imports.import_upload(mailing_list=make_list(own_org), actor=None, upload=upload)
    [row] = imports.check(job)
    assert (row.email, row.name, row.country, row.outcome) == (
        "amal@example.org", "أمل", "NL", "new")


@pytest.mark.parametrize("content, message", [
    ("name\nAmal\n", "No column of e-mail addresses"),
    ("email\n", "heading row and at least one row"),
    ("email\n" + "a@example.org\n" * 5001, "At most 5000 rows"),
])
def test_a_file_that_cannot_be_imported_is_refused_and_saves_nothing(own_org, content, message):
    with pytest.raises(ValidationError, match=message):
        _upload(make_list(own_org), content)
    assert not SubscriberImport.objects.exists()


def test_a_csv_that_is_not_utf8_is_refused(own_org):
    upload = SimpleUploadedFile("r.csv", "email,name\nx@example.org,Zoë\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="UTF-8"):
        imports.import_upload(mailing_list=make_list(own_org), actor=None, upload=upload)
