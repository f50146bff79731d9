import factory

from asylon.core.tests.factories import OrganisationFactory
from asylon.people.models import (
    DocumentKind,
    Household,
    HouseholdMember,
    IdentityDocument,
    Person,
    Relationship,
    Sex,
)
from asylon.people.services import reindex


class PersonFactory(factory.django.DjangoModelFactory):
    """A saved person with search keys, like one registered through the service."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = "Testperson"
    birth_year = 1990
    sex = Sex.UNKNOWN

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        if create:
            reindex(obj)


class IdentityDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentityDocument

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    kind = DocumentKind.PASSPORT
    number = factory.Sequence(lambda n: f"P{n:07d}")
    number_normalised = factory.LazyAttribute(lambda d: IdentityDocument.normalise(d.number))


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Household {n}")


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory,
                                organisation=factory.SelfAttribute("..household.organisation"))
    relationship = Relationship.CHILD
