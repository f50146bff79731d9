"""The engine's reasoning as structured reasons, and their translated text.

The engine explains each placement in English (`why`), for its command line. The
platform shows the same reasoning in the reader's language, so it keeps the facts (what
was chosen, what scored higher and why it was not taken, what the preference got)
as small dictionaries with a `code`, and turns them into a sentence only when a page
is rendered, in the language of that page. The facts come from the engine's
structured explanation (`locality`, `score`, `runner_up`, `better_scoring`,
`preference`) and from the instance and placement themselves (room left, exclusions),
never from parsing the English text.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asylon.resettlement.models import Dimension

EPS = 1e-9


def reasons(instance, result, *, locked: dict | None = None) -> dict[str, list[dict]]:
    """Household id -> its reasons, for every household of the instance."""
    locked = locked or {}
    dims = instance.all_dimensions
    demand = instance.demand_matrix()
    room = instance.capacity_matrix()
    lindex = instance.locality_index()
    hindex = instance.household_index()
    for hid, lid in result.assignments.items():
        room[lindex[lid]] -= demand[hindex[hid]]
    scores = instance.scores
    out = {}
    for i, h in enumerate(instance.households):
        lid = result.assignments.get(h.id)
        banned = set(h.excluded)
        allowed = [j for j, loc in enumerate(instance.localities) if loc.id not in banned]
        if h.id in locked:
            allowed = [lindex[locked[h.id]]]
        elif h.fixed:
            allowed = [lindex[h.fixed]]
        if lid is None:
            out[h.id] = _unplaced(instance, dims, demand[i], room, allowed, h)
            continue
        j0 = lindex[lid]
        e = result.explanations.get(h.id) or {}
        items: list[dict] = [{"code": "placed", "place": lid,
                              "score": _score(e.get("score"), scores, i, j0)}]
        if h.id in locked:
            items.append({"code": "locked"})
        elif h.fixed:
            items.append({"code": "fixed"})
        else:
            better = e.get("better_scoring") or []
            full = [{"place": b["locality"], "score": b["score"], "full": list(b.get("full") or [])}
                    for b in better if not b.get("had_room")]
            kept = [b["locality"] for b in better if b.get("had_room")]
            if full:
                items.append({"code": "better_full", "places": full})
            if kept:
                items.append({"code": "better_kept", "places": kept})
            if not better:
                items.append({"code": "best"})
        runner = e.get("runner_up")
        if runner:
            items.append({"code": "runner_up", "place": runner["locality"],
                          "score": runner["score"]})
        if h.excluded:
            items.append({"code": "excluded", "n": len(h.excluded)})
        last = [dims[d] for d in range(len(dims))
                if demand[i, d] > 0 and room[j0, d] < demand[i, d] - EPS]
        if last:
            items.append({"code": "took_last", "dims": last})
        if h.preferences:
            items.append(_preference(h, lid, dims, demand[i], room, lindex, scores, i, j0,
                                     locked))
        out[h.id] = items
    return out


def _score(value, scores, i, j):
    if value is not None:
        return value
    return round(float(scores[i, j]), 4) if scores is not None else None


def _preference(h, lid, dims, need, room, lindex, scores, i, j0, locked) -> dict:
    first = h.preferences[0]
    if lid == first:
        return {"code": "pref_first"}
    if first in h.excluded:
        return {"code": "pref_excluded", "place": first}
    if h.id in locked or h.fixed:
        return {"code": "pref_locked", "place": first}
    j = lindex[first]
    full = [d for d, short in zip(dims, need > room[j] + EPS, strict=True) if short]
    if full:
        return {"code": "pref_full", "place": first, "full": full}
    there = round(float(scores[i, j]), 4) if scores is not None else None
    here = round(float(scores[i, j0]), 4) if scores is not None else None
    return {"code": "pref_lower", "place": first, "there": there, "here": here}


def _unplaced(instance, dims, need, room, allowed, h) -> list[dict]:
    if not allowed:
        return [{"code": "unplaced_excluded"}]
    capacity = instance.capacity_matrix()[allowed]
    too_big = [dims[d] for d in range(len(dims)) if need[d] > capacity[:, d].max() + EPS]
    if too_big:
        return [{"code": "unplaced_too_big", "dims": too_big}]
    short = room[allowed] < need[None, :] - EPS
    per_dim = {dims[d]: int(short[:, d].sum()) for d in range(len(dims)) if short[:, d].any()}
    return [{"code": "unplaced_full", "places": len(allowed), "dims": per_dim}]


# Rendering ----------------------------------------------------------------------------

def _dimension(name: str) -> str:
    return str(dict(Dimension.choices).get(name, name)).lower()


def _number(value) -> str:
    return "—" if value is None else number_format(value, 3)


def _name(names: dict, place) -> str:
    # Isolated (FSI ... PDI): a Latin name with a comma, such as "City of Ghent, OCMW
    # Gent", would otherwise be reordered with the Arabic sentence around it.
    return f"\u2068{names.get(place, place)}\u2069"


def render(items: list[dict], names: dict) -> str:
    """The reasons as one paragraph in the active language; `names` maps a place id (an
    offer's uuid, a municipality's code) to the name staff know it by."""
    return " ".join(filter(None, (_sentence(item, names) for item in items or [])))


def _list(values) -> str:
    return ", ".join(str(v) for v in values)


def _sentence(item: dict, names: dict) -> str:  # noqa: C901 - one branch per kind of reason
    code = item.get("code")
    if code == "placed":
        return _("Placed in %(place)s (score %(score)s).") % {
            "place": _name(names, item["place"]), "score": _number(item.get("score"))}
    if code == "locked":
        return _("It was placed there by staff (a lock).")
    if code == "fixed":
        return _("It has to go there (family ties).")
    if code == "best":
        return _("This is its best-scoring allowed place.")
    if code == "better_full":
        parts = [_("%(place)s (%(score)s, full: %(dims)s)") % {
            "place": _name(names, b["place"]), "score": _number(b.get("score")),
            "dims": _list(_dimension(d) for d in b.get("full") or []) or "—"}
            for b in item["places"]]
        return _("Higher-scoring places had no room: %(places)s.") % {"places": "; ".join(parts)}
    if code == "better_kept":
        return _("%(places)s had room and score higher; the optimum keeps that room for a "
                 "household that gains more there.") % {
            "places": _list(_name(names, p) for p in item["places"])}
    if code == "runner_up":
        return _("Runner-up: %(place)s (%(score)s).") % {
            "place": _name(names, item["place"]), "score": _number(item.get("score"))}
    if code == "excluded":
        return ngettext("Excluded from %(n)d place.", "Excluded from %(n)d places.",
                        item["n"]) % {"n": item["n"]}
    if code == "took_last":
        return _("It took the last room in: %(dims)s.") % {
            "dims": _list(_dimension(d) for d in item["dims"])}
    if code == "pref_first":
        return _("It got its first preference.")
    if code == "pref_excluded":
        return _("Its first preference %(place)s is excluded.") % {
            "place": _name(names, item["place"])}
    if code == "pref_locked":
        return _("Its first preference was %(place)s, but it was placed by staff.") % {
            "place": _name(names, item["place"])}
    if code == "pref_full":
        return _("Its first preference %(place)s was full (%(dims)s).") % {
            "place": _name(names, item["place"]),
            "dims": _list(_dimension(d) for d in item["full"])}
    if code == "pref_lower":
        return _("Its first preference %(place)s had room, but scores %(there)s there against "
                 "%(here)s here.") % {"place": _name(names, item["place"]),
                                      "there": _number(item.get("there")),
                                      "here": _number(item.get("here"))}
    if code == "unplaced_excluded":
        return _("Not placed: every place is excluded for this household.")
    if code == "unplaced_too_big":
        return _("Not placed: it does not fit any allowed place even when empty (%(dims)s).") % {
            "dims": _list(_dimension(d) for d in item["dims"])}
    if code == "unplaced_full":
        dims = "; ".join(ngettext("%(dim)s full in %(n)d place", "%(dim)s full in %(n)d places",
                                  n) % {"dim": _dimension(d), "n": n}
                         for d, n in item["dims"].items())
        return ngettext("Not placed: no room left in its allowed place (%(dims)s).",
                        "Not placed: no room left in any of its %(n)d allowed places "
                        "(%(dims)s).", item["places"]) % {"n": item["places"], "dims": dims}
    return ""

