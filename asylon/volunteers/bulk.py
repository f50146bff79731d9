"""Many requests to many volunteers at once (a new shelter opens).

The eligibility and the score are those of one proposal (`selectors.score_candidate`):
same role, a shared language, within the volunteer's travel distance, free at an asked
time, a valid certificate, the current agreement signed, the required training done, room
for another client. Eligible pairs are scored in numpy, grouped by role and language, so
the 3 million (request, volunteer) pairs of 1,000 x 3,000 are never visited one by one.

The assignment is then exact: a minimum-cost perfect matching (scipy's sparse LAPJV,
`min_weight_full_bipartite_matching`) on a graph with one column per free place of each
volunteer (the k-th extra client costs 10 more, as the load term of the score says) and
one "no volunteer" column per request. A matched pair costs BIG - score and no volunteer
costs 2 x BIG, so the matching first places as many requests as possible and then takes
the best total score: the same objective as the placement engine's (households placed,
then score), with load limits as capacities. `tests/test_bulk.py` checks the result
against an integer program solved by HiGHS on random instances.
"""

import time
from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from asylon.core import policy
from asylon.volunteers import checks, rules, selectors, services
from asylon.volunteers.models import Leave, Location, Stage, Volunteer
from asylon.volunteers.services.availability import SLOTS

MANAGE = "volunteers.manage"
BIG = 10_000.0
_BIT = {slot: 1 << i for i, slot in enumerate(SLOTS)}


def mask(slots) -> int:
    return sum(_BIT[s] for s in slots if s in _BIT)


@dataclass
class Problem:
    """Plain arrays: what the assignment needs and nothing of Django."""

    req_role: np.ndarray        # role id per request
    req_language: list[str]     # casefolded
    req_location: np.ndarray    # location index per request
    req_mask: np.ndarray        # availability bits (0 = any time)
    vol_role: np.ndarray
    vol_languages: list[list[str]]
    vol_location: np.ndarray
    vol_mask: np.ndarray
    vol_travel: np.ndarray      # km
    vol_load: np.ndarray        # current clients
    vol_limit: np.ndarray       # clients at most
    vol_ready: np.ndarray       # bool: certificate, agreement, training, not on leave
    km: np.ndarray              # location x location distances


@dataclass
class Pair:
    request_id: int
    volunteer_id: int
    score: float
    # The form names a pair by public ids, never primary keys.
    key: str = ""


@dataclass
class BulkProposal:
    requests: dict
    volunteers: dict
    pairs: list[Pair]
    unmatched: list[int] = field(default_factory=list)
    seconds: float = 0.0
    edges: int = 0


def popcount(values: np.ndarray) -> np.ndarray:
    out = np.zeros(values.shape, dtype=np.int64)
    v = values.astype(np.int64)
    while v.any():
        out += v & 1
        v >>= 1
    return out


def candidate_edges(p: Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(request index, volunteer index, score) of every eligible pair."""
    groups: dict[tuple, list[int]] = {}
    free = (p.vol_limit - p.vol_load) > 0
    for j in np.flatnonzero(p.vol_ready & free):
        for language in p.vol_languages[j]:
            groups.setdefault((int(p.vol_role[j]), language), []).append(int(j))
    group_arrays = {k: np.array(v, dtype=np.int64) for k, v in groups.items()}
    rows, cols, scores = [], [], []
    for i in range(len(p.req_role)):
        cand = group_arrays.get((int(p.req_role[i]), p.req_language[i]))
        if cand is None:
            continue
        km = p.km[p.vol_location[cand], p.req_location[i]]
        ok = km <= p.vol_travel[cand]
        overlap = popcount(p.vol_mask[cand] & p.req_mask[i])
        if p.req_mask[i]:
            ok &= overlap > 0
        cand, km, overlap = cand[ok], km[ok], overlap[ok]
        rows.append(np.full(len(cand), i, dtype=np.int64))
        cols.append(cand)
        scores.append(100.0 - 2 * km + 5 * overlap - 10 * p.vol_load[cand])
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)


def assign(p: Problem) -> tuple[list[tuple[int, int, float]], int]:
    """The exact assignment: [(request index, volunteer index, score)], edge count."""
    n = len(p.req_role)
    if n == 0:
        return [], 0
    r, v, s = candidate_edges(p)
    # One column per free place: the k-th extra client of a volunteer costs 10 x k more.
    free = np.maximum(p.vol_limit - p.vol_load, 0)
    used = np.zeros(len(free), dtype=bool)
    used[np.unique(v)] = True
    free = np.where(used, np.minimum(free, np.bincount(v, minlength=len(free))), 0)
    first_column = np.concatenate([[0], np.cumsum(free)[:-1]])
    n_slots = int(free.sum())
    edge_rows, edge_cols, edge_costs = [], [], []
    max_free = int(free.max()) if len(free) else 0
    for k in range(max_free):
        take = free[v] > k
        edge_rows.append(r[take])
        edge_cols.append(first_column[v[take]] + k)
        edge_costs.append(BIG - s[take] + 10.0 * k)
    edge_rows.append(np.arange(n))
    edge_cols.append(n_slots + np.arange(n))
    edge_costs.append(np.full(n, 2 * BIG))
    graph = csr_matrix((np.concatenate(edge_costs),
                        (np.concatenate(edge_rows), np.concatenate(edge_cols))),
                       shape=(n, n_slots + n))
    _rows, columns = min_weight_full_bipartite_matching(graph)
    slot_owner = np.repeat(np.arange(len(free)), free)
    score_of = {(int(a), int(b)): float(c) for a, b, c in zip(r, v, s, strict=True)}
    out = []
    for i, column in enumerate(columns):
        if column < n_slots:
            j = int(slot_owner[column])
            out.append((i, j, score_of[(i, j)]))
    return out, len(r)


class _Row:
    """A volunteer as `checks.readiness_many` needs it, without a model instance."""

    __slots__ = ("pk", "role_id")

    def __init__(self, pk, role_id):
        self.pk, self.role_id = pk, role_id


def _read(membership, location):
    """Plain rows, not model instances: building 4,000 of those cost most of the time."""
    qs = selectors.requests_open(membership=membership)
    if location is not None:
        qs = qs.filter(location=location)
    requests = list(qs.values_list("pk", "role_id", "language", "location_id", "availability",
                                   "uuid"))
    pool = Volunteer.objects.filter(organisation_id=membership.organisation_id,
                                    stage=Stage.ACTIVE, role_id__in={r[1] for r in requests})
    limited_to = rules.coordinator_location_ids(membership)
    if limited_to is not None:
        pool = pool.filter(location_id__in=limited_to)
    volunteers = list(
        pool.annotate(load=Count("matches", filter=Q(matches__status="active")))
        .values_list("pk", "role_id", "languages", "location_id", "availability",
                     "max_travel_km", "max_clients", "role__max_clients", "load", "uuid"))
    today = timezone.localdate()
    ids = [v[0] for v in volunteers]
    on_leave = set(Leave.objects.filter(volunteer_id__in=ids, starts_on__lte=today,
                                        ends_on__gte=today).values_list("volunteer_id",
                                                                        flat=True))
    ready = checks.readiness_many([_Row(v[0], v[1]) for v in volunteers], today)
    location_ids = {r[3] for r in requests} | {v[3] for v in volunteers}
    locations = {loc.pk: loc for loc in Location.objects.filter(pk__in=location_ids)
                 .only("id", "latitude", "longitude")}
    return requests, volunteers, ready, on_leave, locations


def _problem(requests, volunteers, ready, on_leave, locations) -> Problem:
    index = {loc_id: i for i, loc_id in enumerate(locations)}
    locs = list(locations.values())
    km = np.array([[selectors.distance_km(a, b) for b in locs] for a in locs]) \
        if locs else np.zeros((0, 0))
    return Problem(
        req_role=np.array([r[1] for r in requests]),
        req_language=[r[2].strip().casefold() for r in requests],
        req_location=np.array([index[r[3]] for r in requests], dtype=np.int64),
        req_mask=np.array([mask(r[4]) for r in requests], dtype=np.int64),
        vol_role=np.array([v[1] for v in volunteers]),
        vol_languages=[[x.strip().casefold() for x in v[2].split(",") if x.strip()]
                       for v in volunteers],
        vol_location=np.array([index[v[3]] for v in volunteers], dtype=np.int64),
        vol_mask=np.array([mask(v[4]) for v in volunteers], dtype=np.int64),
        vol_travel=np.array([v[5] for v in volunteers], dtype=float),
        vol_load=np.array([v[8] for v in volunteers], dtype=np.int64),
        vol_limit=np.array([v[6] if v[6] is not None else v[7] for v in volunteers],
                           dtype=np.int64),
        vol_ready=np.array([ready[v[0]].ready and v[0] not in on_leave for v in volunteers],
                           dtype=bool),
        km=km)


def propose(*, membership, location=None) -> BulkProposal:
    """A proposal for all open requests (of one location, or of the organisation)."""
    policy.require(membership, MANAGE)
    started = time.perf_counter()
    requests, volunteers, ready, on_leave, locations = _read(membership, location)
    pairs_idx, edges = assign(_problem(requests, volunteers, ready, on_leave, locations))
    pairs = [Pair(request_id=requests[i][0], volunteer_id=volunteers[j][0], score=score,
                  key=f"{requests[i][5]}:{volunteers[j][9]}")
             for i, j, score in pairs_idx]
    matched = {p.request_id for p in pairs}
    return BulkProposal(requests={r[0]: None for r in requests},
                        volunteers={v[0]: None for v in volunteers}, pairs=pairs,
                        unmatched=[r[0] for r in requests if r[0] not in matched],
                        seconds=time.perf_counter() - started, edges=edges)


def load_objects(*, membership, proposal: BulkProposal) -> None:
    """The models of the proposed pairs only, for the page and the confirmation."""
    request_ids = [p.request_id for p in proposal.pairs]
    volunteer_ids = [p.volunteer_id for p in proposal.pairs]
    proposal.requests.update({r.pk: r for r in selectors.requests_open(membership=membership)
                              .filter(pk__in=request_ids)})
    proposal.volunteers.update({v.pk: v for v in selectors.volunteers_visible_to(
        membership=membership).filter(pk__in=volunteer_ids)})


def confirm(*, membership, proposal: BulkProposal, chosen: set[str]) -> tuple[int, list[str]]:
    """Confirm the ticked pairs, each in its own transaction: one refusal (someone changed
    meanwhile) does not undo the others, and each refusal says why."""
    made, refused = 0, []
    load_objects(membership=membership, proposal=proposal)
    for pair in proposal.pairs:
        request = proposal.requests.get(pair.request_id)
        volunteer = proposal.volunteers.get(pair.volunteer_id)
        if pair.key not in chosen or request is None or volunteer is None:
            continue
        try:
            services.match_confirm(actor=membership, request=request, volunteer=volunteer)
        except ValidationError as error:
            refused.append(f"{volunteer.full_name}: {' '.join(error.messages)}")
        else:
            made += 1
    if not made and not refused:
        refused.append(_("Tick the proposals you want to confirm."))
    return made, refused

