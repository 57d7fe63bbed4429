"""rolegraph's version (read by the build, the CLI and the cache keys)."""

__version__ = "0.1.0"
