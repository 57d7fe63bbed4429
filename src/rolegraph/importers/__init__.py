"""Importers: other data sets (ESCO, ...) converted into rolegraph RDF files,
which ``--graph`` then loads beside (or instead of) the shipped graph."""
