"""On a phone a list's card shows the few fields that matter there (issue 12): the
caseload's card has the reference, the client, the stage and the next deadline; the
other columns stay in the table at md and wider, and in the export."""

import re

from asylon.casework.tests.factories import ensure_tracks, open_case
from asylon.core.roles import Role


def test_the_caseload_card_leaves_out_the_secondary_columns(make_member, client_for,
                                                            own_org):
    caseworker = make_member(Role.CASEWORKER, own_org)
    ensure_tracks()
    open_case(actor=caseworker)
    body = client_for(caseworker).get("/cases/").content.decode()
    hidden = re.findall(r'<td[^>]*class="[^"]*stack-hide[^"]*"[^>]*data-label="([^"]+)"', body)
    assert sorted(set(hidden)) == ["In stage since", "Last contact", "Location",
                                   "Responsible", "Track"]
    shown = re.findall(r'<td(?![^>]*stack-hide)[^>]*data-label="([^"]+)"', body)
    assert {"Reference", "Client", "Stage", "Next deadline"} <= set(shown)
