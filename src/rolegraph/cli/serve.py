"""Command ``serve``: the local web app, JSON API and SPARQL endpoint."""

from __future__ import annotations

import click

from .options import Settings, pass_settings

LOOPBACK = "127.0.0.1"


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--host", default=LOOPBACK, show_default=True, help="The interface to listen on. Anything but loopback makes the app reachable from other machines (a warning is printed).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="The port (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the web browser once it is up.")
@click.option("--sparql-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True, metavar="SECONDS", help="Stop a /sparql query that runs longer.")
@click.option("--sparql-max-bytes", type=click.IntRange(min=1000), default=20_000_000, show_default=True, metavar="BYTES", help="Refuse a /sparql answer larger than this.")
@click.option("--max-body", type=click.IntRange(min=1000), default=1_000_000, show_default=True, metavar="BYTES", help="Refuse a request body larger than this (413).")
@pass_settings
def serve_command(settings: Settings, host: str, port: int, open_browser: bool, sparql_timeout: float, sparql_max_bytes: int, max_body: int) -> None:
    """Serve the web app, the JSON API and a SPARQL endpoint on this machine.

    Pages: search, entity pages with every fact's source, compare, learning
    plan (gap), fit (paste a job ad), workflow and the interactive graph.
    /api/<command> answers what `rolegraph <command> --format json` prints,
    with the same argument names (/api/show?ref=Python). /sparql is a SPARQL
    1.1 Protocol endpoint, read-only and offline like the sparql command, with
    a time limit per query. Uses the data of --graph / --with. Ctrl-C stops it.

    \b
    Examples:
      rolegraph serve --open
      rolegraph --with esco.nt serve --port 9000
    """
    import socket
    import threading

    import uvicorn

    from ..serve import Limits, create_app

    store = settings.local_store("serve")
    settings.extractor_ready(store)  # built once per store, before the first pasted job ad waits for it
    loopback = _is_loopback(host)
    if not loopback:
        click.echo(f"Warning: serving on {host}: other machines on the network can reach the app and its SPARQL endpoint.", err=True)
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    bound = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if family == socket.AF_INET6 else host
    url = f"http://{shown}:{bound}/"
    limits = Limits(max_body=max_body, sparql_timeout=sparql_timeout, sparql_max_bytes=sparql_max_bytes)
    hosts = ["127.0.0.1", "localhost", "[::1]"] if loopback else ["*"]
    app = create_app(store, limits, hosts=hosts)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    titles = ", ".join(d["title"] for d in store.projection.datasets)
    click.echo(f"rolegraph: serving {titles} at {url} (API {url}api, SPARQL {url}sparql); Ctrl-C to stop", err=True)
    click.echo(url)

    if open_browser:
        def when_up() -> None:
            import time
            import webbrowser

            while not server.started and not server.should_exit:
                time.sleep(0.05)
            if server.started:
                webbrowser.open(url)

        threading.Thread(target=when_up, daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops cleanly on Ctrl-C, then re-raises it
        pass
    finally:
        sock.close()
    click.echo("rolegraph: stopped", err=True)


COMMANDS = [serve_command]
