"""Rendering the graph for people: the interactive HTML explorer (and, later, static charts)."""
