from asylon.casework import selectors


def my_deadlines_panel(request) -> dict:
    deadlines = selectors.deadlines_upcoming(membership=request.membership, days=7,
                                             responsible_id=request.user.pk)
    return {"deadlines": list(deadlines[:10])}
