"""SPARQL: check a user's query, bind parameters safely, the named queries,
and running a checked query on a store.

>>> check("SELECT * WHERE { ?s ?p ?o }").form
'SELECT'
"""

from __future__ import annotations

from .bind import bind, values_block
from .check import CheckedQuery, check, syntax_message, with_prefixes
from .lexer import query_form, variables
from .named import NamedQuery, Parameter, named_queries, named_query

__all__ = [
    "CheckedQuery",
    "NamedQuery",
    "Parameter",
    "bind",
    "check",
    "named_queries",
    "named_query",
    "query_form",
    "syntax_message",
    "values_block",
    "variables",
    "with_prefixes",
]
