import datetime

from django.utils import timezone

from asylon.engagement import services


def make_event(organisation, *, capacity=2, title="Information webinar", waiting_list=True,
               purpose="", starts_in_days=7, sessions=1, **kwargs):
    start = (timezone.now() + datetime.timedelta(days=starts_in_days)).replace(
        second=0, microsecond=0)
    specs = [(start + datetime.timedelta(days=i), start + datetime.timedelta(days=i, hours=2),
              capacity) for i in range(sessions)]
    kwargs.setdefault("online_url", "https://meet.example.org/webinar")
    return services.event_create(organisation=organisation, title=title, purpose=purpose,
                                 waiting_list=waiting_list, sessions=specs, **kwargs)


def book(session, n=0, **kwargs):
    kwargs.setdefault("name", f"Guest {n}")
    kwargs.setdefault("email", f"guest{n}@example.org")
    return services.registration_book(session=session, **kwargs)


def make_list(organisation, *, name="International newsletter", double_opt_in=True, **kwargs):
    from asylon.engagement.services import lists
    return lists.list_create(organisation=organisation, name=name, double_opt_in=double_opt_in,
                             **kwargs)


def confirmed_subscriber(mailing_list, n=0, *, language="en", country="NL", email=None):
    from django.utils import timezone

    from asylon.engagement import addresses
    from asylon.engagement.models import Subscriber, Subscription
    email = email or f"reader{n}@example.org"
    subscriber = Subscriber.objects.create(organisation_id=mailing_list.organisation_id,
                                           email=email, email_hash=addresses.digest(email),
                                           language=language, country=country)
    Subscription.objects.create(mailing_list=mailing_list, subscriber=subscriber,
                                status="confirmed", confirmed_at=timezone.now(),
                                source="test", consent_text=mailing_list.consent_text)
    return subscriber


def make_mailing(mailing_list, *, actor=None, contents=None, **kwargs):
    from asylon.engagement.services import mailings
    contents = contents if contents is not None else {
        "en": ("News from the border", "Dear reader,\n\nOur work this month."),
        "nl": ("Nieuws van de grens", "Beste lezer,\n\nOns werk deze maand.")}
    return mailings.mailing_create(organisation=mailing_list.organisation, actor=actor,
                                   name="December update", mailing_list=mailing_list,
                                   contents=contents, **kwargs)


CREDITOR_IBAN = "NL91ABNA0417164300"
DONOR_IBAN = "DE89370400440532013000"


def sepa_ready(organisation):
    from asylon.engagement.services import donors
    return donors.creditor_account_set(organisation=organisation, actor=None,
                                       name="Dutch Refugee Council", iban=CREDITOR_IBAN,
                                       bic="ABNANL2A", creditor_id="NL98ZZZ999999999999")


def monthly_donor(organisation, *, amount="15.00", email="donor@example.org", campaign=None,
                  signed_days_ago=30):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from asylon.engagement.services import donors
    donor = donors.donor_create(organisation=organisation, actor=None, name="Sanne de Boer",
                                email=email, street="Keizersgracht 1", postcode="1015 AA",
                                city="Amsterdam", country="NL", language="nl")
    mandate = donors.mandate_create(
        donor=donor, actor=None, iban=DONOR_IBAN, account_holder="S. de Boer",
        amount=Decimal(amount), campaign=campaign,
        signed_on=timezone.localdate() - datetime.timedelta(days=signed_days_ago))
    return donor, mandate
