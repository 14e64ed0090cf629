"""Authoring: tools for those who write plugins (the new-plugin scaffold, the
conformance check).  ``protocolkit.testing`` stays a top-level module, as the
pytest plugin entry point names it.
"""
