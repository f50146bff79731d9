from django.urls import path

from asylon.resettlement.views import guidance, ledger, offers, partner, runs, targets

app_name = "resettlement"

urlpatterns = [
    # The public side: no account needed.
    path("partners/", offers.tracks, name="tracks"),
    path("partners/interest/<str:token>/", offers.interest_resume, name="interest_resume"),
    path("partners/interest/<str:token>/step/<int:step>/", offers.interest_step,
         name="interest_step"),
    path("partners/interest/<str:token>/submit/", offers.interest_submit, name="interest_submit"),
    # The agency.
    path("", ledger.ledger, name="ledger"),
    path("years/new/", ledger.year_new, name="year_new"),
    path("years/<uuid:uuid>/carry-over/", ledger.carry_over, name="carry_over"),
    path("cases/", ledger.cases, name="cases"),
    path("cases/new/", ledger.case_new, name="case_new"),
    path("cases/<uuid:uuid>/", ledger.case_detail, name="case_detail"),
    path("cases/<uuid:uuid>/move/", ledger.case_move, name="case_move"),
    path("offers/", offers.offers, name="offers"),
    path("offers/<uuid:uuid>/", offers.offer_detail, name="offer_detail"),
    path("offers/<uuid:uuid>/capacity/", offers.offer_capacity, name="offer_capacity"),
    path("offers/<uuid:uuid>/decide/", offers.offer_decide, name="offer_decide"),
    path("offers/webinars/", offers.webinars, name="webinars"),
    path("runs/", runs.runs, name="runs"),
    path("runs/new/", runs.run_new, name="run_new"),
    path("runs/<uuid:uuid>/", runs.run_detail, name="run_detail"),
    path("runs/<uuid:uuid>/progress/", runs.run_progress, name="run_progress"),
    path("runs/<uuid:uuid>/lock/", runs.run_lock, name="run_lock"),
    path("runs/<uuid:uuid>/reoptimise/", runs.run_reoptimise, name="run_reoptimise"),
    path("runs/<uuid:uuid>/approve/", runs.run_approve, name="run_approve"),
    path("guidance/", guidance.overview, name="guidance"),
    path("guidance/outcomes/", guidance.outcomes, name="outcomes"),
    path("guidance/<uuid:uuid>/", guidance.plan_detail, name="plan_detail"),
    path("targets/", targets.targets, name="targets"),
    path("targets/import/", targets.population_import, name="population_import"),
    path("targets/periods/new/", targets.period_new, name="period_new"),
    path("targets/periods/<uuid:uuid>/", targets.period_detail, name="period_detail"),
    path("targets/periods/<uuid:uuid>/published/", targets.published_import,
         name="published_import"),
    path("targets/periods/<uuid:uuid>/housed/", targets.housed, name="housed"),
    # Partners: the households placed with them.
    path("placed/", partner.placed, name="placed"),
    path("placed/<uuid:uuid>/", partner.placed_detail, name="placed_detail"),
    path("placed/<uuid:uuid>/milestone/", partner.milestone, name="milestone"),
    path("placed/<uuid:uuid>/evaluate/", partner.evaluate, name="evaluate"),
]
