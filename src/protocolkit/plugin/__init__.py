"""Plugins: the hook specs, the host that finds, loads and isolates plugins, house
modalities (plugins written as YAML), and the catalog they fill.

May import the model and loading; never checks, composes or reports.
"""
