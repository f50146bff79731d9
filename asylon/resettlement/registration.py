"""What the resettlement app contributes to the platform (see asylon.core.registry)."""

from django.utils.translation import gettext_lazy as _

from asylon.core.registry import AppRegistration, DashboardPanel, NavGroup, NavItem, PolicyRule
from asylon.core.roles import Role

MANAGE = "resettlement.manage"
PARTNER = "resettlement.view_placed"


def _ledger_panel(request):
    from asylon.resettlement import selectors
    return selectors.dashboard_ledger(membership=request.membership)


def _partner_panel(request):
    from asylon.resettlement import selectors
    return selectors.partner_summary(membership=request.membership)


def registration() -> AppRegistration:
    from asylon.resettlement import models as m
    from asylon.resettlement import rules

    return AppRegistration(
        permissions={MANAGE: (Role.RESETTLEMENT_OFFICER,),
                     PARTNER: (Role.COORDINATOR, Role.ORG_ADMIN)},
        policies=[
            PolicyRule(m.ProgrammeYear), PolicyRule(m.ResettlementCase), PolicyRule(m.Offer),
            PolicyRule(m.PlacementRun), PolicyRule(m.Municipality), PolicyRule(m.TargetPeriod),
            PolicyRule(m.WaitingHousehold), PolicyRule(m.DispersalRun),
            PolicyRule(m.OutcomeModel),
            PolicyRule(m.RunLine, organisation_path="run__organisation"),
            # The organisations making an offer together, and their contact persons, are
            # part of the offer to the agency (each party's own organisation is set on
            # approval).
            PolicyRule(m.OfferParty, organisation_path="offer__organisation"),
            PolicyRule(m.OfferContact, organisation_path="party__offer__organisation"),
            PolicyRule(m.MunicipalTarget, organisation_path="period__organisation"),
            PolicyRule(m.Placement, rule=rules.PLACEMENT_RULE),
            PolicyRule(m.GuidancePlan, rule=rules.PLAN_RULE),
        ],
        nav=[
            NavItem(_("Quota ledger"), "resettlement:ledger", MANAGE, order=500,
                    group=NavGroup.RESETTLEMENT),
            NavItem(_("Partner offers"), "resettlement:offers", MANAGE, order=510,
                    group=NavGroup.RESETTLEMENT),
            NavItem(_("Placement runs"), "resettlement:runs", MANAGE, order=520,
                    group=NavGroup.RESETTLEMENT),
            NavItem(_("Guidance"), "resettlement:guidance", MANAGE, order=530,
                    group=NavGroup.RESETTLEMENT),
            NavItem(_("Municipal targets"), "resettlement:targets", MANAGE, order=540,
                    group=NavGroup.RESETTLEMENT),
            NavItem(_("Placed households"), "resettlement:placed", PARTNER, order=550,
                    group=NavGroup.RESETTLEMENT),
        ],
        panels=[DashboardPanel("resettlement/panels/ledger.html", MANAGE,
                               context=_ledger_panel, order=50),
                DashboardPanel("resettlement/panels/partner.html", PARTNER,
                               context=_partner_panel, order=60)],
        role_introductions={Role.RESETTLEMENT_OFFICER: _(
            "Follow the year's quota stage by stage, review partner offers, run placements "
            "on the engine and approve them, follow each household's year of guidance, and "
            "split the Dutch housing task over municipalities.")},
    )
