"""Every people view, for the core permission matrix (asylon/core/tests/test_permission_matrix.py)."""

from asylon.core.roles import Role
from asylon.core.tests.matrix import ProtectedView, Target, roles

STAFF = roles(Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.RESETTLEMENT_OFFICER)
CONSENT = roles(Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)
MERGE = EXPORT = CONSENT
ERASE = roles(Role.ORG_ADMIN)
MARKER = "Markerperson"


def _person(org, **fields):
    from asylon.people.tests.factories import PersonFactory
    fields.setdefault("given_name", MARKER)
    fields.setdefault("family_name", "Zqwx")
    return PersonFactory(organisation=org, **fields)


def _household(org):
    from asylon.people.tests.factories import HouseholdFactory
    return HouseholdFactory(organisation=org, name="Markerhousehold Zqwx")


def _document(org):
    from asylon.people.tests.factories import IdentityDocumentFactory
    return IdentityDocumentFactory(person=_person(org))


def _person_url(suffix=""):
    return lambda org, actor: Target(f"/people/{_person(org).uuid}/{suffix}")


def _document_url(suffix=""):
    def build(org, actor):
        document = _document(org)
        return Target(f"/people/{document.person.uuid}/documents/{document.uuid}/remove/{suffix}")
    return build


def _document_remove_post(org, actor):
    document = _document(org)
    return Target(f"/people/{document.person.uuid}/documents/{document.uuid}/remove/", data={})


def _consent_post(org, actor):
    return Target(f"/people/{_person(org).uuid}/consent/",
                  data={"purpose": "export", "action": "give", "note": ""})


def _merge(org, actor):
    return Target(f"/people/{_person(org).uuid}/merge/{_person(org).uuid}/")


def _export_post(org, actor):
    from asylon.core.models import ConsentRecord
    person = _person(org)
    ConsentRecord.objects.create(organisation=org, subject_type="people.person",
                                 subject_id=str(person.pk), purpose="export", given=True)
    return Target(f"/people/{person.uuid}/export/", data={"format": "json"})


def _erase_post(org, actor):
    return Target(f"/people/{_person(org).uuid}/erase/", data={"reason": "Asked in writing."})


def _list(org, actor):
    _person(org)
    return Target("/people/", marker=MARKER)


def _list_search(org, actor):
    _person(org)
    return Target("/people/?q=Zqwx", marker=MARKER)


def _list_export(org, actor):
    _person(org)
    return Target("/people/?export=csv", marker=MARKER)


def _register_post(org, actor):
    return Target("/people/register/", data={
        "given_name": "Newperson", "family_name": "Zqwx", "sex": "unknown",
        "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0"})


def _duplicate_check(org, actor):
    _person(org)
    return Target("/people/register/check/", marker=MARKER,
                  data={"given_name": MARKER, "family_name": "Zqwx", "sex": "unknown"})


def _households(org, actor):
    _household(org)
    return Target("/people/households/", marker="Markerhousehold")


def _household_url(suffix=""):
    return lambda org, actor: Target(f"/people/households/{_household(org).uuid}/{suffix}")


def _household_add(org, actor):
    household, person = _household(org), _person(org)
    return Target(f"/people/households/{household.uuid}/members/add/",
                  data={"person": str(person.uuid), "relationship": "child"})


def _household_remove(org, actor):
    from asylon.people.tests.factories import HouseholdMemberFactory
    member = HouseholdMemberFactory(household=_household(org))
    return Target(f"/people/households/{member.household.uuid}/members/"
                  f"{member.person.uuid}/remove/")


VIEWS = [
    ProtectedView("people-list", _list, STAFF, object_scoped=False),
    ProtectedView("people-search", _list_search, STAFF, object_scoped=False),
    ProtectedView("people-export-csv", _list_export, STAFF, object_scoped=False),
    ProtectedView("people-register", lambda org, actor: Target("/people/register/"), STAFF,
                  object_scoped=False),
    ProtectedView("people-register-post", _register_post, STAFF, method="post",
                  ok_status=(302,), object_scoped=False),
    ProtectedView("people-duplicate-check", _duplicate_check, STAFF, method="post",
                  object_scoped=False),
    ProtectedView("people-detail", _person_url(), STAFF),
    ProtectedView("people-edit", _person_url("edit/"), STAFF),
    ProtectedView("people-consent", _consent_post, CONSENT, method="post", ok_status=(302,)),
    ProtectedView("people-document-add", _person_url("documents/add/"), STAFF),
    ProtectedView("people-document-remove", _document_url(), STAFF),
    ProtectedView("people-document-remove-post", _document_remove_post, STAFF, method="post",
                  ok_status=(302,)),
    ProtectedView("people-households", _households, STAFF, object_scoped=False),
    ProtectedView("people-household-create", lambda org, actor: Target(
        "/people/households/new/"), STAFF, object_scoped=False),
    ProtectedView("people-household", _household_url(), STAFF),
    ProtectedView("people-household-add-member", _household_add, STAFF, method="post",
                  ok_status=(302,)),
    ProtectedView("people-household-remove-member", _household_remove, STAFF),
    ProtectedView("people-merge-choose", _person_url("merge/"), MERGE),
    ProtectedView("people-merge", _merge, MERGE),
    ProtectedView("people-export", _person_url("export/"), EXPORT),
    ProtectedView("people-export-post", _export_post, EXPORT, method="post"),
    ProtectedView("people-erase", _person_url("erase/"), ERASE),
    ProtectedView("people-erase-post", _erase_post, ERASE, method="post", ok_status=(302,)),
]
