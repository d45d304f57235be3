"""The checks: mean always; median too with --strict (the stricter verifier)."""
import sys

from calc import mean, median

assert mean([2, 4, 6]) == 4, f"mean([2, 4, 6]) is {mean([2, 4, 6])}, want 4"
if "--strict" in sys.argv:
    assert median([3, 1, 2]) == 2, f"median([3, 1, 2]) is {median([3, 1, 2])}, want 2"
print("ok")
