"""Issue 11, item 12: a forged TOTAL_FORMS of millions builds a handful of forms.

Every formset of every app is capped (`absolute_max`), and the registration page with a
forged count answers with the form after building no more than its cap.
"""


from django.forms.formsets import BaseFormSet

from asylon.core.registry import app_modules

CAP = 100


def _formsets():
    for _config, module in app_modules("forms"):
        for name, value in vars(module).items():
            # formset_factory's classes carry Django's module name, so look at the form.
            if isinstance(value, type) and issubclass(value, BaseFormSet) and hasattr(
                    value, "form"):
                yield f"{module.__name__}.{name}", value


def test_every_formset_is_capped():
    found = dict(_formsets())
    assert "asylon.people.forms.DocumentFormSet" in found
    assert "asylon.grants.forms.BudgetLineFormSet" in found
    loose = {name: f.absolute_max for name, f in found.items() if f.absolute_max > CAP}
    assert not loose, f"formsets without a small absolute_max: {loose}"


def test_a_forged_form_count_builds_no_more_than_the_cap(caseworker, client_for):
    from asylon.people.forms import DocumentFormSet
    response = client_for(caseworker).post("/people/register/", {
        "given_name": "Amal", "family_name": "Haddad", "sex": "female",
        "documents-TOTAL_FORMS": "10000000", "documents-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    documents = response.context["documents"]
    assert len(documents.forms) <= DocumentFormSet.absolute_max
    assert documents.non_form_errors()
    assert "Haddad" in response.content.decode()  # what was typed is kept
