"""A local plugin that recurses without end as it is imported."""


def _deeper(depth):
    return _deeper(depth + 1)


_deeper(0)
