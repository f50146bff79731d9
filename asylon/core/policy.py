"""The one permission policy: "may this membership do this to this object?"

`may()` answers for one object, `scope()` applies the same rule to a queryset, so a
list can never show what the detail page would refuse. A domain app whose objects need
more than "same organisation" (a volunteer sees only assigned clients, a referral makes
a case visible to the receiving organisation) registers an ObjectRule for its model.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404

from asylon.core import audit
from asylon.core.models import Membership
from asylon.core.roles import role_has


@dataclass(frozen=True)
class ObjectRule:
    """How one model is scoped. Both callables must agree with each other."""

    allows: Callable[[Membership, str, Model], bool]
    scope: Callable[[Membership, str, QuerySet], QuerySet]


def _owned_by_organisation(path: str) -> ObjectRule:
    *through, last = path.split("__")

    def allows(membership, permission, obj):
        for part in through:
            obj = getattr(obj, part)
        return getattr(obj, f"{last}_id") == membership.organisation_id

    def scope(membership, permission, qs):
        return qs.filter(**{f"{path}_id": membership.organisation_id})

    return ObjectRule(allows=allows, scope=scope)


_rules: dict[type[Model], ObjectRule] = {}


def register(model: type[Model], rule: ObjectRule | None = None, *,
             organisation_path: str = "organisation") -> None:
    _rules[model] = rule or _owned_by_organisation(organisation_path)


def _rule_for(model: type[Model]) -> ObjectRule:
    try:
        return _rules[model]
    except KeyError:
        raise LookupError(f"no policy registered for {model._meta.label}") from None


def may(membership: Membership | None, permission: str, obj: Model | None = None) -> bool:
    if membership is None or not membership.is_active:
        return False
    if not role_has(membership.role, permission):
        return False
    if obj is None:
        return True
    return _rule_for(type(obj)).allows(membership, permission, obj)


def scope(membership: Membership | None, permission: str, queryset: QuerySet) -> QuerySet:
    if membership is None or not membership.is_active or not role_has(membership.role,
                                                                      permission):
        return queryset.none()
    return _rule_for(queryset.model).scope(membership, permission, queryset)


def own(membership: Membership | None, permission: str, queryset: QuerySet) -> QuerySet:
    """Only the organisation's own rows, for pages that list nothing else (a caseload).

    The same permission check as `scope`, without the rows other organisations share
    (a rule's "own OR shared" would keep PostgreSQL from using the organisation's sort
    indexes for a list that then drops the shared rows anyway)."""
    if membership is None or not membership.is_active or not role_has(membership.role,
                                                                      permission):
        return queryset.none()
    return queryset.filter(organisation_id=membership.organisation_id)


def require(membership: Membership | None, permission: str) -> None:
    """Refuse with 403 when the role can never do this, before any object is looked up."""
    if membership is None or not membership.has(permission):
        raise PermissionDenied


def access_or_404(membership: Membership | None, permission: str, queryset: QuerySet,
                  **lookup) -> Model:
    """Fetch one object through the policy scope.

    An object of another organisation answers 404, exactly like one that does not exist,
    so the answer never confirms that someone is in another organisation's files. Such a
    refusal of an existing object is recorded (rate-aware), so probing can be detected.
    A fetched object of a read-audited model (a person, a case) is noted as shown: the
    page that renders it writes the "view" entry, whichever view it is.
    """
    require(membership, permission)
    try:
        obj = scope(membership, permission, queryset).get(**lookup)
    except (ValidationError, ValueError, OverflowError):
        # A posted id that cannot be one ("abc" for a uuid, 10**30 for a number) names no
        # object: the same 404 as an id that does not exist.
        raise Http404 from None
    except queryset.model.DoesNotExist:
        existing = queryset.model._default_manager.filter(**lookup).values_list(
            "pk", flat=True).first()
        if existing is not None:
            audit.refused(actor=membership, model=queryset.model, object_id=existing)
        raise Http404 from None
    if audit.is_read_audited(obj):
        audit.shown(obj)
    return obj


def prefetch(membership: Membership | None, permission: str, lookup: str,
             queryset: QuerySet) -> Prefetch:
    """A prefetch of related objects already filtered by the policy.

    Related objects a template prints (an intervention's documents, a household's
    members) are fetched through this, so a page that shows a shared object never also
    shows what hangs off it but was not shared.
    """
    return Prefetch(lookup, queryset=scope(membership, permission, queryset))
