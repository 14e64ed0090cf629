"""Exporters: a validated protocol out as a document for people or other systems.

Each format is an `Exporter` (``protocolkit.model.export``) registered through
``protocolkit_register_exporters``; the core's own (markdown, html, fhir) live
here and are registered by a built-in plugin like any other.  May import the
model, loading, the plugin catalog and checking; never composing or the CLI.
"""
