import pytest

from asylon.core import demo as core_demo
from asylon.grants import demo
from asylon.grants.iati.export import activities_xml, validate
from asylon.grants.models import Grant


@pytest.fixture
def world(db):
    world = core_demo.World()
    core_demo.seed(world)
    demo.seed(world)
    return world


def test_demo_seed_twice_changes_nothing(world):
    before = Grant.objects.count()
    demo.seed(world)
    assert Grant.objects.count() == before == len(demo.GRANTS)


def test_iati_export_of_demo_data_is_valid_against_the_official_schema(world):
    council = world.orgs["council"]
    document = activities_xml(organisation=council, grants=Grant.objects.filter(
        fund__organisation=council))
    validate(document)
    text = document.decode()
    assert 'version="2.03"' in text
    assert "<participating-org" in text and "<recipient-country" in text
    assert "<transaction>" in text and "<result" in text and "<budget" in text


def test_a_broken_document_fails_the_schema(world):
    import xmlschema
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        validate(b'<iati-activities version="2.03"><iati-activity/></iati-activities>')
