from django.utils import translation

from asylon.core.labels import choice_label, country_name
from asylon.core.roles import Role


def test_country_names_follow_the_active_language():
    with translation.override("nl"):
        assert country_name("DE") == "Duitsland"
    with translation.override("en"):
        assert country_name("DE") == "Germany"
    assert country_name("") == ""


def test_choice_labels_follow_the_active_language():
    with translation.override("en"):
        assert choice_label(Role, Role.VOLUNTEER) == "Volunteer"
    with translation.override("nl"):
        assert choice_label(Role, Role.VOLUNTEER) != "Volunteer"
