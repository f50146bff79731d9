
import re

import pytest

from asylon.core.roles import Role
from asylon.core.test_clients import response_text
from asylon.core.tests.matrix import ProtectedView, Target
from asylon.core.tests.probe import all_views

# A uuid in a link may hold any four digits (a planted year of birth) by chance.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
VIEWS = all_views()
CASES = [(view, role, side) for view in VIEWS for role in Role.values for side in ("own", "other")]


@pytest.mark.parametrize(("view", "role", "side"), CASES,
                         ids=[f"{v.name}-{r}-{s}" for v, r, s in CASES])
def test_matrix(view: ProtectedView, role, side, own_org, other_org, make_member, client_for):
    actor = make_member(role, own_org)
    target: Target = view.build(own_org if side == "own" else other_org, actor)
    client = client_for(actor)
    send = getattr(client, view.method)
    response = send(target.url, data=target.data) if target.data is not None else send(target.url)

    if role not in view.allowed:
        assert response.status_code == 403, f"{role} must be refused"
    elif side == "own":
        assert response.status_code in view.ok_status
        if target.shown or target.hidden:
            text = UUID.sub("", response_text(response))
            assert [v for v in target.shown if v not in text] == [], "must be shown"
            assert [v for v in target.hidden if v in text] == [], "must not be shown"
    elif view.object_scoped:
        assert response.status_code == 404, "another organisation's object must look absent"
    else:
        assert response.status_code in view.ok_status
        if target.marker:
            assert target.marker not in response_text(response)
