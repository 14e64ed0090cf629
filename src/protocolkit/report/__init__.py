"""Reporting: findings and the catalog out, for people and programs.

Reporters (text, json, sarif, github), descriptions of the catalog, and the
curriculum hours report.  May import everything below it; never composing,
export or the CLI.
"""
