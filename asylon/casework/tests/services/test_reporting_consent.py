"""Cross-organisation aggregates count only organisations that opted in."""

import pytest
from django.core.exceptions import PermissionDenied

from asylon.casework import reports, services
from asylon.casework.models import ReportingConsent
from asylon.casework.tests.factories import intervention_type, open_case
from asylon.core.models import AuditEntry, Membership, OrganisationKind
from asylon.core.roles import Role
from asylon.core.tests.factories import OrganisationFactory


def _with_interventions(org, n=6):
    case = open_case(org)
    actor = Membership.objects.get(organisation=org, user=case.responsible)
    for _ in range(n):
        services.intervention_log(actor=actor, case=case, type=intervention_type(),
                                  date=case.opened_on)
    return case


def _organisations_in(tables):
    helped = next(t for t in tables if t.key == "persons_helped")
    return {row[0] for row in helped.rows}


@pytest.fixture
def funder_analyst(db, make_member):
    funder = OrganisationFactory(name="Zq Fund", kind=OrganisationKind.FUNDER)
    return make_member(Role.ANALYST, funder)


def test_sharing_is_off_by_default(own_org, other_org, funder_analyst):
    _with_interventions(own_org)
    _with_interventions(other_org)
    assert _organisations_in(reports.build(membership=funder_analyst)) == set()
    assert reports.organisation_ids_for(funder_analyst) == [funder_analyst.organisation_id]


def test_funders_see_only_organisations_that_opted_in(own_org, other_org, make_member,
                                                      funder_analyst):
    _with_interventions(own_org)
    _with_interventions(other_org)
    services.reporting_consent_set(actor=make_member(Role.ORG_ADMIN, own_org),
                                   share_with_funders=True)
    tables = reports.build(membership=funder_analyst)
    assert _organisations_in(tables) == {own_org.name}
    by_type = next(t for t in tables if t.key == "interventions_by_type")
    assert by_type.rows[0][1] == 6  # the other organisation's six are not counted


def test_networks_follow_the_same_rule(own_org, other_org, make_member):
    network = OrganisationFactory(kind=OrganisationKind.NETWORK)
    _with_interventions(own_org)
    services.reporting_consent_set(actor=make_member(Role.ORG_ADMIN, other_org),
                                   share_with_funders=True)
    analyst = make_member(Role.ANALYST, network)
    assert reports.organisation_ids_for(analyst) == [network.pk, other_org.pk]


def test_turning_it_off_removes_the_organisation(own_org, make_member, funder_analyst):
    _with_interventions(own_org)
    admin = make_member(Role.ORG_ADMIN, own_org)
    services.reporting_consent_set(actor=admin, share_with_funders=True)
    services.reporting_consent_set(actor=admin, share_with_funders=False)
    assert _organisations_in(reports.build(membership=funder_analyst)) == set()


def test_an_ngo_sees_its_own_figures_whatever_others_share(own_org, other_org, make_member):
    _with_interventions(own_org)
    _with_interventions(other_org)
    services.reporting_consent_set(actor=make_member(Role.ORG_ADMIN, other_org),
                                   share_with_funders=True)
    analyst = make_member(Role.ANALYST, own_org)
    assert _organisations_in(reports.build(membership=analyst)) == {own_org.name}


def test_the_choice_is_audited(own_org, make_member):
    admin = make_member(Role.ORG_ADMIN, own_org)
    consent = services.reporting_consent_set(actor=admin, share_with_funders=True)
    entry = AuditEntry.objects.get(object_type="casework.reportingconsent")
    assert (entry.action, entry.fields, entry.organisation_id) == \
        ("change", ["share_with_funders"], own_org.pk)
    assert consent.changed_by == admin.user


def test_only_the_organisation_admin_decides(own_org, make_member):
    for role in (Role.COORDINATOR, Role.CASEWORKER, Role.ANALYST):
        with pytest.raises(PermissionDenied):
            services.reporting_consent_set(actor=make_member(role, own_org),
                                           share_with_funders=True)
    assert not ReportingConsent.objects.exists()


def test_the_admin_changes_it_on_the_settings_page(own_org, make_member, client_for):
    admin = make_member(Role.ORG_ADMIN, own_org)
    client = client_for(admin)
    page = client.get("/cases/settings/").content.decode()
    assert 'action="/cases/settings/reporting/"' in page
    response = client.post("/cases/settings/reporting/", {"share_with_funders": "on"})
    assert response.status_code == 302
    assert ReportingConsent.objects.get(organisation=own_org).share_with_funders
    client.post("/cases/settings/reporting/", {})
    assert not ReportingConsent.objects.get(organisation=own_org).share_with_funders
    assert AuditEntry.objects.filter(object_type="casework.reportingconsent").count() == 2


def test_the_funders_report_page_says_how_many_organisations_share(own_org, make_member,
                                                                   funder_analyst, client_for):
    services.reporting_consent_set(actor=make_member(Role.ORG_ADMIN, own_org),
                                   share_with_funders=True)
    body = client_for(funder_analyst).get("/cases/reports/").content.decode()
    assert "1 organisation that chose to share" in body
