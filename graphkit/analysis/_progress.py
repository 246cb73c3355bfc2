"""The analyses' progress bars: graphkit.progress's, on stderr only when a person is watching."""

from graphkit.progress import progress

__all__ = ["progress"]
