"""Every write of the resettlement app, one function each (see the modules)."""

from .dispersal import (
    dispersal_approve,
    dispersal_execute,
    dispersal_start,
    waiting_housed,
    waiting_register,
)
from .guidance import (
    guidance_evaluate,
    guidance_plan_create,
    milestone_update,
)
from .ledger import (
    case_carry_over,
    case_move,
    case_refer,
    case_update_needs,
    programme_year_create,
)
from .offers import (
    offer_add_contact,
    offer_add_party,
    offer_approve,
    offer_decline,
    offer_from_link,
    offer_remove_contact,
    offer_remove_party,
    offer_request_changes,
    offer_resume_link,
    offer_save_step,
    offer_set_capacity,
    offer_start,
    offer_submit,
)
from .outcome_models import outcome_model_train
from .runs import (
    run_approve,
    run_execute,
    run_lock,
    run_reoptimise,
    run_start,
)
from .targets import (
    apportion,
    municipalities_import,
    period_add,
    period_compute,
    published_targets_import,
    target_record_housed,
)
from .webinars import webinar_create

__all__ = [
    "apportion", "case_carry_over", "dispersal_approve", "dispersal_execute",
    "dispersal_start", "waiting_housed", "waiting_register", "case_move", "case_refer", "case_update_needs",
    "guidance_evaluate", "guidance_plan_create", "milestone_update",
    "municipalities_import", "offer_add_contact", "offer_add_party",
    "offer_remove_contact", "offer_remove_party", "offer_approve", "offer_decline", "offer_from_link",
    "offer_request_changes", "offer_resume_link", "offer_save_step", "offer_set_capacity",
    "offer_start", "offer_submit", "outcome_model_train", "period_add", "period_compute", "programme_year_create",
    "published_targets_import", "run_approve", "run_execute", "run_lock", "run_reoptimise",
    "run_start", "target_record_housed", "webinar_create",
]
