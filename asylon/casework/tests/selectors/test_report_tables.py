"""The report tables an analyst reads: small counts suppressed."""

from asylon.casework import reports, services
from asylon.casework.tests.factories import open_case


def _actor(case):
    from asylon.core.models import Membership
    return Membership.objects.get(organisation=case.organisation, user=case.responsible)


def test_reports_suppress_small_counts(own_org, make_member):
    from asylon.casework.tests.factories import intervention_type
    case = open_case(own_org)
    services.intervention_log(actor=_actor(case), case=case, type=intervention_type(),
                              date=case.opened_on)
    analyst = make_member("analyst", own_org)
    tables = {t.key: t for t in reports.build(membership=analyst)}
    assert tables["interventions_by_type"].rows[0][1] == reports.SUPPRESSED
