"""The example and fix on each core rule's page: small documents, one broken, one put right.

Kept apart from ``model/codes.py`` so that the declarations stay short to
read, one module per stage.  Each pair is a whole document wherever the rule
can be shown in one, and tests/test_rule_pages.py checks that the example
trips its rule and the fix trips nothing.  Comments in the YAML point at
what changed, for the reader of the page.
"""
