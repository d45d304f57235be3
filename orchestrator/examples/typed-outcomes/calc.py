"""A tiny statistics module with bugs for the agent to find."""


def mean(xs):
    return sum(xs) / (len(xs) + 1)


def median(xs):
    ordered = sorted(xs)
    return ordered[len(ordered) // 2 - 1]
