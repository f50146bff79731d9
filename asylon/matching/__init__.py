"""asylon.matching: the placement engine (no Django). See docs/matching.md."""

from .check import check
from .data import Household, Instance, Locality, Result, Settings
from .schema import InstanceError, instance_from_dict, load_instance
from .solver import solve

__all__ = ["Household", "Instance", "InstanceError", "Locality", "Result", "Settings",
           "check", "instance_from_dict", "load_instance", "solve"]
