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
    cells = [(re.search(r'data-label="([^"]+)"', tag).group(1), "stack-hide" in tag)
             for tag in re.findall(r"<td\b[^>]*data-label=[^>]*>", body)]
    hidden = {label for label, hide in cells if hide}
    shown = {label for label, hide in cells if not hide}
    assert sorted(hidden) == ["In stage since", "Last contact", "Location", "Responsible",
                              "Track"]
    assert {"Reference", "Client", "Stage", "Next deadline"} <= shown
