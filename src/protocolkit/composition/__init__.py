"""Composition: a session from a request, planned within a client's limits.

The engine (``engine``) and intake adaptation (``adapt``).  May import the
model, loading, the plugins and checking (a composed protocol is checked
before it is returned); never reporting, export or the CLI.
"""
