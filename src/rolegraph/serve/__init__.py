"""``rolegraph serve``: a local web app, a JSON API and a SPARQL 1.1
Protocol endpoint on the embedded store (Starlette, served by uvicorn).

- :mod:`.app`: the application (routes, limits, security headers);
- :mod:`.api`: ``/api/<command>``, the CLI's JSON for the CLI's arguments;
- :mod:`.pages`: the web pages (Jinja2 templates in ``templates/``);
- :mod:`.sparql`: the endpoint's query workers (time and size limits).
"""

from __future__ import annotations

from .app import Limits, create_app

__all__ = ["Limits", "create_app"]
