"""Small helpers the volunteers views share; form pages and error messages are core's kit
(asylon.core.views.forms, asylon.core.forms)."""


def by_uuid(items, value):
    for item in items:
        if str(item.uuid) == str(value):
            return item
    return None
