"""The idempotent endpoint behind offline capture.

The phone makes the record's id (a UUID) and sends, with every write, the version its
copy was based on (0 for a record the server has never seen):

- unknown id, base 0: created at version 1;
- known id, base == current version: applied, version + 1;
- known id, the same payload as the last write accepted and base == version − 1: a replay
  (the phone lost the answer): nothing changes, the same answer again;
- anything else: a conflict. Nothing is written; the server's copy is returned so the
  monitor sees both and chooses.
"""

import hashlib
import json
import uuid as uuidlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from asylon.monitoring.models import Incident, Source
from asylon.monitoring.services import incidents as incident_service
from asylon.monitoring.services.common import require_own


@dataclass
class SyncResult:
    outcome: str  # created | updated | unchanged | conflict
    incident: Incident


def payload_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


def incident_sync(*, actor, uuid: str, base_version: int, data: dict) -> SyncResult:
    require_own(actor, "monitoring.record")
    try:
        record_id = uuidlib.UUID(str(uuid))
    except ValueError:
        raise ValidationError(_("The record's id is not valid.")) from None
    digest = payload_hash(data)
    with transaction.atomic():
        existing = Incident.objects.select_for_update().filter(uuid=record_id).first()
        if existing is not None and existing.organisation_id != actor.organisation_id:
            # Another organisation's id: answer as a conflict without revealing anything.
            raise ValidationError(_("The record's id is not valid."))
        if existing is None:
            if base_version != 0:
                raise ValidationError(_("This record no longer exists on the server."))
            try:
                with transaction.atomic():
                    incident = incident_service.incident_create(
                        actor=actor, data=data, source=Source.OFFLINE, uuid=record_id,
                        chain_with=data.get("chain_with", ""))
            except IntegrityError:
                # The same id arrived twice at once: the other request created it.
                return incident_sync(actor=actor, uuid=uuid, base_version=base_version,
                                     data=data)
            Incident.objects.filter(pk=incident.pk).update(sync_hash=digest)
            incident.sync_hash = digest
            return SyncResult("created", incident)
        if existing.sync_hash == digest and base_version == existing.version - 1:
            return SyncResult("unchanged", existing)
        if base_version != existing.version:
            return SyncResult("conflict", existing)
        incident = incident_service.incident_update(actor=actor, incident=existing, data=data,
                                                    chain_with=data.get("chain_with", ""))
        Incident.objects.filter(pk=incident.pk).update(sync_hash=digest)
        incident.sync_hash = digest
        return SyncResult("updated", incident)
