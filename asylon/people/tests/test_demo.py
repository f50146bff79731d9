import pytest

from asylon.core import demo as core_demo
from asylon.people import demo
from asylon.people.models import Household, Person

pytestmark = pytest.mark.django_db


def test_seeding_twice_changes_nothing():
    for _ in range(2):
        world = core_demo.World()
        core_demo.seed(world)
        demo.seed(world)
    assert Person.objects.count() == len(world.extra["persons"])
    assert Household.objects.count() == len(world.extra["households"])
    assert world.extra["persons"]["tesfay_gebremichael"].given_name == "ተስፋይ"


def test_demo_has_a_near_duplicate_pair():
    from asylon.people.selectors import persons_matching
    world = core_demo.World()
    core_demo.seed(world)
    demo.seed(world)
    near = world.extra["persons"]["muhammad_hadad"]
    matches = persons_matching(membership=world.memberships["lesvos_lawyer"],
                               name=near.display_name, exclude=(near.pk,))
    assert world.extra["persons"]["mohammed_haddad"] in [m.person for m in matches]
