"""The matching library has no Django: these tests need none (run with -p no:django)."""

import pytest

from asylon.matching import Household, Instance, Locality, Settings


@pytest.fixture
def tiny():
    """Two localities, four households; numbers small enough to check by hand."""

    def make(**over):
        locs = [
            Locality(id="L1", name="Gent", capacity={"persons": 6, "households": 2, "medical": 1}),
            Locality(id="L2", name="Leuven", capacity={"persons": 6, "households": 3, "medical": 0}),
        ]
        hs = [
            Household(id="H1", size=3, needs={"medical": 1}),
            Household(id="H2", size=2),
            Household(id="H3", size=2, preferences=["L1", "L2"]),
            Household(id="H4", size=1, excluded=["L1"]),
        ]
        scores = [[0.9, 0.1], [0.8, 0.5], [0.7, 0.6], [0.9, 0.2]]
        inst = Instance(dimensions=["medical"], localities=locs, households=hs,
                        scores=None, settings=Settings())
        import numpy as np

        inst.scores = np.array(over.pop("scores", scores), dtype=float)
        for k, v in over.items():
            setattr(inst, k, v)
        return inst

    return make
