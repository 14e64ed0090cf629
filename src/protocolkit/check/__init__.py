"""Checking: from a document to located findings.

Owns the rules, screening against an intake with its verdict, curricula,
selection and suppressions, and the validate pipeline every face calls.  May
import the model, loading and the plugin catalog.
"""
