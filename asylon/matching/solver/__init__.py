"""Exact batch placement with HiGHS.

The model works on classes of identical households (``build.aggregate``): integer
``x[c, j]`` = how many households of class c go to locality j, one equality row per
class (with a slack ``u[c]`` for households left unplaced) and one row per capacity
that can bind.

1. Bound: a Lagrangian relaxation of the capacity rows (numpy subgradient steps) prices
   capacity; column generation on the LP relaxation starts from each class's best
   localities under those prices, on one persistent HiGHS object (interior point for the
   first solve, then the dual simplex from the previous basis as columns are added).
   Every multiplier vector gives a bound valid for the full model (``_Master.
   lagrangian_bound``), so the reported ``bound`` never depends on which columns were
   generated; subgradient steps from the LP duals tighten it.
2. Primal: the LP rounded down and completed greedily (price-aware), a local search
   (moves and swaps), simulated annealing on single households (compiled, two walks
   on two cores; caseloads up to 5,000 households), a large-neighbourhood search (a few related localities emptied
   and re-filled by a small exact MIP), and, when few classes are fractional, a repair
   MIP over the fractional classes only. A MIP over the
   master is run only when reduced-cost fixing proves that its columns contain every
   placement that could beat the incumbent (then its own bound is valid too).

Priority one (place as many households as possible) is handled lexicographically:
first with a large penalty on ``u``; when that leaves someone unplaced, a maximum-count
stage finds how many can be placed, and the score stage then requires that count.
"""

from ._anneal import warm
from ._colgen import capacity_prices
from ._driver import Optimised, optimise
from ._solve import solve

__all__ = ["Optimised", "capacity_prices", "optimise", "solve", "warm"]
