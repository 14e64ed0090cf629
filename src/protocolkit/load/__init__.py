"""Loading: bytes to documents (YAML 1.2, JSON, with positions) to the model.

Owns parsing and the size limit on every file, the bundled JSON Schemas and
the generated quick check, building model values from document data, and the
project settings.  May import the model.
"""
