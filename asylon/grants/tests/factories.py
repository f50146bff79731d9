import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from asylon.core.tests.factories import MembershipFactory, OrganisationFactory
from asylon.grants import models as m


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Fund

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Fund {n}")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Call
        skip_postgeneration_save = True

    fund = factory.SubFactory(FundFactory)
    title = factory.Sequence(lambda n: f"Call {n}")
    max_amount = Decimal("50000")
    min_amount = Decimal("1000")
    min_months = 6
    max_months = 24
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    questions = factory.LazyFunction(lambda: [{"key": "q1", "label": "Who benefits?",
                                               "required": True}])
    required_attachments = 0

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        if create:
            for i, name in enumerate(extracted or ["Relevance", "Feasibility"]):
                m.RubricCriterion.objects.create(call=obj, name=name, max_score=5, order=i)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft: submitting it succeeds unless a test changes something."""

    class Meta:
        model = m.Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory, country="GR")
    reference = factory.Sequence(lambda n: f"APP-T-{n:05d}")
    title = "Legal aid on the islands"
    summary = "Lawyers for people arriving by boat."
    country = "GR"
    start_date = factory.LazyFunction(lambda: timezone.localdate())
    duration_months = 12
    requested_amount = Decimal("20000")
    answers = factory.LazyFunction(lambda: {"q1": "People arriving on Lesvos."})

    @factory.post_generation
    def budget(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            m.BudgetLine.objects.create(application=obj, category="Staff", amount=Decimal("15000"))
            m.BudgetLine.objects.create(application=obj, category="Travel", amount=Decimal("5000"))


def submitted_application(**kwargs):
    application = ApplicationFactory(**kwargs)
    application.status = m.ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    return application


def eligible_application(**kwargs):
    application = submitted_application(**kwargs)
    application.status = m.ApplicationStatus.ELIGIBLE
    application.save()
    return application


def reviewer_for(fund_org, **kwargs):
    from asylon.core.roles import Role
    return MembershipFactory(organisation=fund_org, role=Role.REVIEWER, **kwargs)


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Grant

    fund = factory.SubFactory(FundFactory)
    organisation = factory.SubFactory(OrganisationFactory, country="GR")
    reference = factory.Sequence(lambda n: f"GR-T-{n:05d}")
    title = "Legal aid on the islands"
    description = "Lawyers for people arriving by boat."
    country = "GR"
    amount = Decimal("20000")
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2025, 12, 31)


def grant_with_plan(**kwargs):
    """A grant with a budget line, two tranches, an interim report and one indicator."""
    grant = GrantFactory(**kwargs)
    line = m.GrantBudgetLine.objects.create(grant=grant, category="Staff", amount=Decimal("20000"))
    report = m.Report.objects.create(grant=grant, kind=m.ReportKind.NARRATIVE, title="Interim report",
                                     period_start=grant.start_date,
                                     period_end=datetime.date(2025, 6, 30),
                                     due_date=datetime.date(2025, 7, 31))
    m.Tranche.objects.create(grant=grant, number=1, amount=Decimal("12000"),
                             planned_date=grant.start_date,
                             condition=m.TrancheCondition.SIGNED_AGREEMENT)
    m.Tranche.objects.create(grant=grant, number=2, amount=Decimal("8000"),
                             planned_date=report.due_date,
                             condition=m.TrancheCondition.APPROVED_REPORT, condition_report=report)
    outcome = m.Outcome.objects.create(grant=grant, title="Refugees know their rights")
    m.Indicator.objects.create(outcome=outcome, title="Refugees given legal advice",
                               unit=m.Unit.PEOPLE, baseline=0, baseline_year=2024,
                               target=Decimal("400"))
    grant.line, grant.report = line, report
    return grant
