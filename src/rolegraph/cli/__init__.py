"""The ``rolegraph`` command line. Thin: parse arguments, call the library,
write the answer with :func:`.output.emit`. One module a command group
(:mod:`.explore`, :mod:`.careers`, :mod:`.sparql`, :mod:`.data`, :mod:`.viz`);
heavy libraries are imported inside commands only."""

from __future__ import annotations

import sys
import warnings
from typing import Any

import click

from ..version import __version__
from .options import Settings
from .output import safe_text


class RolegraphGroup(click.Group):
    """Turns rolegraph's own errors into ``Error: ...`` and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from ..errors import RolegraphError

        def show_warning(message: Any, category: Any, filename: Any, lineno: Any, file: Any = None, line: Any = None) -> None:
            click.echo(f"Warning: {safe_text(str(message))}", err=True)

        warnings.showwarning = show_warning
        # Library deprecation notices are for developers, not CLI users.
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
        try:
            return super().invoke(ctx)
        except RolegraphError as exc:
            raise click.ClickException(safe_text(" ".join(str(exc).splitlines()))) from None
        except KeyboardInterrupt:
            click.echo("Aborted.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        finally:
            # --query-timeout's clock (see Settings.start_clock) ends with the command.
            import signal
            import threading

            if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, signal.SIG_DFL)


#: The commands --query-timeout bounds: questions about the graph (not
#: compiling, importing, exporting, pushing, drawing or serving).
QUERY_COMMANDS = frozenset({"stats", "list", "show", "search", "why", "compare", "gap", "path", "fit", "workflow", "similar", "matrix", "sparql"})

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=RolegraphGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="rolegraph")
@click.option(
    "--graph",
    "graph",
    multiple=True,
    metavar="PATH",
    help="A data directory or RDF file to use instead of the shipped graph (repeatable); 'builtin' names the shipped graph. The ontology is always included.",
)
@click.option(
    "--with",
    "add",
    multiple=True,
    metavar="PATH",
    help="A data directory or RDF file to load beside the graph (repeatable): --with esco.nt adds ESCO to the shipped graph.",
)
@click.option("--endpoint", metavar="URL", envvar="ROLEGRAPH_ENDPOINT", help="A SPARQL query endpoint to read from instead of the embedded store.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds a request to a remote endpoint may take in total (connect, send, wait, read).")
@click.option("--cache-dir", metavar="DIR", envvar="ROLEGRAPH_CACHE_DIR", help="Where compiled stores are kept (default: the user cache directory).")
@click.option("--query-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS", envvar="ROLEGRAPH_QUERY_TIMEOUT", help="Stop a query (sparql, and the questions: show, compare, gap, fit, ...) that runs longer (0: no limit).")
@click.option("--query-memory", type=click.FloatRange(min=0), default=None, metavar="GIB", envvar="ROLEGRAPH_QUERY_MEMORY", help="Stop a SPARQL query that uses more memory [default: half the machine's, at most 4 GiB; 0: no limit].")
@click.pass_context
def cli(ctx: click.Context, graph: tuple[str, ...], add: tuple[str, ...], endpoint: str | None, timeout: float, cache_dir: str | None, query_timeout: float, query_memory: float | None) -> None:
    """rolegraph: data-science careers as a knowledge graph.

    Roles, their tasks, skills and tools, the kinds of data-science job and the
    steps of a machine-learning project, as RDF with a source for every fact.

    \b
    Examples:
      rolegraph compare "data scientist" "machine learning engineer"
      rolegraph show "ML engineer"
      rolegraph viz -o graph.html
      rolegraph --with esco.nt show "data scientist"

    Each --graph or --with path is one data set; answers say which data set
    each fact comes from, and entities declared the same (skos:exactMatch,
    owl:sameAs) answer as one.
    """
    if endpoint and add:
        raise click.UsageError("--with loads files into the embedded store; it does not combine with --endpoint")
    # None: the default limit, worked out by the sparql command (so the other
    # commands do not import the SPARQL package).
    memory = None if query_memory is None else int(query_memory * (1 << 30))
    timed = ctx.invoked_subcommand in QUERY_COMMANDS
    ctx.obj = Settings(graph=graph, add=add, endpoint=endpoint, timeout=timeout, cache_dir=cache_dir, query_timeout=query_timeout, query_memory=memory, timed=timed)


def _register() -> None:
    from . import careers, data, explore, extract, serve, sparql, viz

    for module in (explore, careers, extract, sparql, viz, data, serve):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="rolegraph")
