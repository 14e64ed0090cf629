"""The studio: a local web app over a folder of protocols, for people who do not live in a terminal.

A face beside the command line: pages and a JSON API over the same library
calls (check, screen, compose, describe).  It binds to loopback and defends
itself as a local server holding health data must (``guard.py``): Host
check, a token exchanged for a cookie, CSRF tokens, a strict CSP, body
limits, and file paths confined to the folder it serves.  Imported only by
``protocolkit serve``: the rest of the CLI never pays for Starlette.
"""
