"""Every write of the monitoring domain (validate, save, audit in one transaction)."""

from asylon.monitoring.services.evidence import evidence_add, evidence_read  # noqa: F401
from asylon.monitoring.services.incidents import (  # noqa: F401
    corroboration_add,
    incident_create,
    incident_update,
)
from asylon.monitoring.services.intake import intake_link_create, intake_submit  # noqa: F401
from asylon.monitoring.services.publications import publication_create  # noqa: F401
from asylon.monitoring.services.sync import SyncResult, incident_sync  # noqa: F401
from asylon.monitoring.services.testimonies import (  # noqa: F401
    testimony_add,
    testimony_withdraw_consent,
)
from asylon.monitoring.services.verification import incident_decide, incident_review  # noqa: F401
