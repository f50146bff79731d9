"""Every row an organisation owns is an `OrgOwned`: one declaration of the owning key,
the public uuid and the timestamps, so scoping and URLs look the same in every app."""

import pytest
from django.apps import apps
from django.db import models

from asylon.core.models import OrgOwned

APPS = ("core", "people", "casework", "grants", "engagement", "volunteers", "resettlement",
        "monitoring")

# Rows with an `organisation` key that are not owned through it, each for a reason.
NOT_OWNED = {
    # The owner is `fund_owner`; `organisation` is the partner the profile describes.
    "grants.PartnerProfile",
    # One settings row per organisation (a one-to-one key, unique in the table).
    "casework.RetentionRule", "casework.ReportingConsent", "casework.ReportSnapshot",
    # Owned through its offer (the agency's); `organisation` is the party's own account,
    # set on approval.
    "resettlement.OfferParty",
}


def _with_organisation_key():
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        try:
            field = model._meta.get_field("organisation")
        except Exception:  # noqa: BLE001 - no such field
            continue
        if isinstance(field, models.ForeignKey):
            yield model


@pytest.mark.parametrize("model", list(_with_organisation_key()), ids=lambda m: m._meta.label)
def test_a_model_with_an_organisation_key_is_org_owned(model):
    if model._meta.label in NOT_OWNED:
        assert not issubclass(model, OrgOwned)
    else:
        assert issubclass(model, OrgOwned), f"{model._meta.label}: subclass core.models.OrgOwned"


def test_the_base_keeps_public_ids_out_of_forms():
    from asylon.people.models import Person
    assert not Person._meta.get_field("uuid").editable
    assert not Person._meta.get_field("created_at").editable


def test_a_model_without_a_public_id_has_no_uuid_column():
    from asylon.people.models import PersonNameKey
    assert "uuid" not in {f.name for f in PersonNameKey._meta.get_fields()}
