"""The language server (`protocolkit lsp`): validate's findings, completion and hover in any editor.

A face beside the command line and the studio, over the same library calls:
diagnostics are ``check.validation``'s findings for the text in the editor,
with the project's configuration found from the document's own folder;
completion and hover read the catalog the plugins filled.  Imported only by
``protocolkit lsp``: the rest of the CLI never pays for pygls.

Intakes are health data: nothing here logs a document's text, or anything
taken from it; an internal error is reported by its type and place alone.
"""
