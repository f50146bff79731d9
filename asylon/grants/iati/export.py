"""Funded activities as IATI activity XML, standard version 2.03.

Element order follows the schema's sequence (iati-activities-schema.xsd, shipped beside
this module); `validate()` checks a document against that official schema.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from lxml import etree

from asylon.grants.models import Grant, GrantStatus

SCHEMA_DIR = Path(__file__).parent / "schema"
VERSION = "2.03"

# IATI OrganisationType codes
ORG_TYPE = {"ngo": "22", "network": "22", "funder": "60", "government_agency": "10",
            "municipality": "15", "sponsor_group": "23"}
# IATI ActivityStatus: 2 implementation, 3 finalisation, 4 closed
TRANSACTION_COMMITMENT, TRANSACTION_DISBURSEMENT, TRANSACTION_EXPENDITURE = "2", "3", "4"


def _narrative(parent, tag, text, **attrs):
    element = etree.SubElement(parent, tag, **attrs)
    etree.SubElement(element, "narrative").text = text
    return element


def _org_ref(org) -> str | None:
    return org.iati_identifier or None


def _participating(activity, org, role):
    attrs = {"role": role, "type": ORG_TYPE.get(org.kind, "22")}
    if _org_ref(org):
        attrs["ref"] = _org_ref(org)
    _narrative(activity, "participating-org", org.name, **attrs)


def _money(value: Decimal) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01'))}"


def _years(start: datetime.date, end: datetime.date):
    """Budget periods of at most a year, as the standard asks."""
    current = start
    while current <= end:
        period_end = min(datetime.date(current.year, 12, 31), end)
        yield current, period_end
        current = period_end + datetime.timedelta(days=1)


def _activity_status(grant, today) -> str:
    if grant.status == GrantStatus.CLOSED:
        return "4"
    return "3" if grant.end_date < today else "2"


def activity_element(grant: Grant, reporting_org, today=None):
    today = today or timezone.localdate()
    activity = etree.Element("iati-activity", **{
        "last-updated-datetime": timezone.now().replace(microsecond=0).isoformat(),
        "{http://www.w3.org/XML/1998/namespace}lang": "en",
        "default-currency": grant.currency, "humanitarian": "1"})
    prefix = reporting_org.iati_identifier
    etree.SubElement(activity, "iati-identifier").text = f"{prefix}-{grant.reference}"
    _narrative(activity, "reporting-org", reporting_org.name, ref=prefix,
               type=ORG_TYPE.get(reporting_org.kind, "21"))
    _narrative(activity, "title", grant.title)
    _narrative(activity, "description", grant.description or grant.title, type="1")
    _participating(activity, reporting_org, "1")
    for share in grant.cofinancing.select_related("funder"):
        _participating(activity, share.funder, "1")
    _participating(activity, reporting_org, "3")
    _participating(activity, grant.organisation, "4")
    etree.SubElement(activity, "activity-status", code=_activity_status(grant, today))
    etree.SubElement(activity, "activity-date", type="1", **{"iso-date": grant.start_date.isoformat()})
    if grant.agreement_signed_at or grant.start_date <= today:
        etree.SubElement(activity, "activity-date", type="2",
                         **{"iso-date": grant.start_date.isoformat()})
    etree.SubElement(activity, "activity-date", type="3", **{"iso-date": grant.end_date.isoformat()})
    etree.SubElement(activity, "recipient-country", code=grant.country.code, percentage="100")
    etree.SubElement(activity, "sector", vocabulary="1", code=grant.sector_code, percentage="100")
    etree.SubElement(activity, "default-flow-type", code="30")  # private NGO flows
    etree.SubElement(activity, "default-finance-type", code="110")  # standard grant
    etree.SubElement(activity, "default-aid-type", code="C01")  # project-type intervention
    days = (grant.end_date - grant.start_date).days + 1
    allocated = Decimal("0")
    periods = list(_years(grant.start_date, grant.end_date))
    for index, (start, end) in enumerate(periods):
        if index == len(periods) - 1:
            amount = grant.amount - allocated
        else:
            amount = (grant.amount * ((end - start).days + 1) / days).quantize(Decimal("0.01"))
            allocated += amount
        budget = etree.SubElement(activity, "budget", type="1", status="2")
        etree.SubElement(budget, "period-start", **{"iso-date": start.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": end.isoformat()})
        etree.SubElement(budget, "value", **{"value-date": start.isoformat()}).text = \
            _money(amount)
    _transaction(activity, TRANSACTION_COMMITMENT, grant.awarded_at, grant.amount,
                 grant.currency, reporting_org, grant.organisation)
    for payment in grant.payments.all():
        _transaction(activity, TRANSACTION_DISBURSEMENT, payment.paid_on, payment.amount,
                     payment.currency, reporting_org, grant.organisation)
    for outcome in grant.outcomes.prefetch_related("indicators__values"):
        indicators = list(outcome.indicators.all())
        if not indicators:
            continue
        result = etree.SubElement(activity, "result", type="2", **{"aggregation-status": "1"})
        _narrative(result, "title", outcome.title)
        for indicator in indicators:
            element = etree.SubElement(result, "indicator", measure="1", ascending="1")
            _narrative(element, "title", f"{indicator.title} ({indicator.get_unit_display()})")
            etree.SubElement(element, "baseline", year=str(indicator.baseline_year),
                             value=str(indicator.baseline))
            for value in indicator.values.filter(report__status="approved"):
                period = etree.SubElement(element, "period")
                etree.SubElement(period, "period-start",
                                 **{"iso-date": value.period_start.isoformat()})
                etree.SubElement(period, "period-end", **{"iso-date": value.period_end.isoformat()})
                etree.SubElement(period, "target", value=str(indicator.target))
                etree.SubElement(period, "actual", value=str(value.value))
    return activity


def _transaction(activity, code, day, amount, currency, provider, receiver):
    transaction = etree.SubElement(activity, "transaction")
    etree.SubElement(transaction, "transaction-type", code=code)
    etree.SubElement(transaction, "transaction-date", **{"iso-date": day.isoformat()})
    etree.SubElement(transaction, "value", currency=currency,
                     **{"value-date": day.isoformat()}).text = _money(amount)
    provider_attrs = {"type": ORG_TYPE.get(provider.kind, "21")}
    if _org_ref(provider):
        provider_attrs["ref"] = _org_ref(provider)
    _narrative(transaction, "provider-org", provider.name, **provider_attrs)
    receiver_attrs = {"type": ORG_TYPE.get(receiver.kind, "22")}
    if _org_ref(receiver):
        receiver_attrs["ref"] = _org_ref(receiver)
    _narrative(transaction, "receiver-org", receiver.name, **receiver_attrs)


def activities_xml(*, organisation, grants) -> bytes:
    if not organisation.iati_identifier:
        raise ValueError("the reporting organisation has no IATI organisation identifier")
    root = etree.Element("iati-activities", version=VERSION, **{
        "generated-datetime": timezone.now().replace(microsecond=0).isoformat()})
    for grant in grants.select_related("organisation", "fund").order_by("reference"):
        root.append(activity_element(grant, organisation))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate(document: bytes) -> None:
    """Raise xmlschema.XMLSchemaValidationError when `document` breaks the 2.03 schema."""
    import xmlschema
    schema = xmlschema.XMLSchema(str(SCHEMA_DIR / "iati-activities-schema.xsd"))
    schema.validate(document.decode("utf-8"))
