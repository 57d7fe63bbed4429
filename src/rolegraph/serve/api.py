"""The JSON API: ``/api/<command>`` answers what ``rolegraph <command>
--format json`` prints, with the CLI's argument and option names as query
parameters.

Each command is declared once in :data:`COMMANDS`: its parameters (name,
whether required, repeatable, a number or a flag) and the library call. The
web pages call the same functions, so a page, the API and the CLI agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import AmbiguousEntityError, RolegraphError, UnknownEntityError, UnknownTypeError, WrongTypeError

if TYPE_CHECKING:
    from ..store import Store


class BadRequest(RolegraphError):
    """A parameter is missing or malformed (HTTP 400)."""


@dataclass(frozen=True)
class Param:
    name: str
    required: bool = False
    many: bool = False
    kind: str = "text"  # text, int or flag
    aliases: tuple[str, ...] = ()
    #: the smallest value an ``int`` takes
    least: int = 0


@dataclass(frozen=True)
class Command:
    name: str
    params: tuple[Param, ...]
    call: Callable[[Store, dict[str, Any]], Any]
    summary: str = ""
    post: bool = False
    examples: tuple[str, ...] = field(default=())


def _fit(store: Store, a: dict[str, Any]) -> Any:
    from ..careers import fit
    from ..lookup.explore import match_type

    if not (a["skill"] or a["tool"] or a["text"] is not None):
        raise BadRequest("give at least one skill, tool or text")
    try:
        chosen = tuple(match_type(store.projection, t) for t in a["type"])
    except UnknownTypeError as exc:
        raise BadRequest(str(exc)) from None
    kinds = (chosen or ("Role",)) + (("JobArchetype",) if a["archetypes"] else ())
    return fit(store, a["skill"], a["tool"], text=a["text"], kinds=kinds, datasets=a["dataset"], limit=a["limit"] or None)


def _extract(store: Store, a: dict[str, Any]) -> Any:
    from ..extract import extract

    if not (a["text"] or "").strip():
        raise BadRequest("give some text (a job ad, a CV or a sentence) in the text parameter")
    return extract(store, a["text"], limit=a["limit"] or None)


def _list(store: Store, a: dict[str, Any]) -> Any:
    from ..lookup import list_entities

    try:
        return list_entities(store, a["type"])
    except UnknownTypeError as exc:
        raise BadRequest(str(exc)) from None


def _search(store: Store, a: dict[str, Any]) -> Any:
    from ..lookup import search

    if not a["q"].strip():
        raise BadRequest("give some text to search for (q)")
    try:
        return search(store, a["q"], kind=a["type"], limit=a["limit"] or 10)
    except UnknownTypeError as exc:
        raise BadRequest(str(exc)) from None


def _call(module: str, name: str, *args: str, **kwargs: str) -> Callable[[Store, dict[str, Any]], Any]:
    def call(store: Store, a: dict[str, Any]) -> Any:
        from importlib import import_module

        function = getattr(import_module(module), name)
        return function(store, *(a[x] for x in args), **{k: a[v] for k, v in kwargs.items()})

    return call


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in [
        Command("stats", (), _call("rolegraph.lookup.explore", "stats"), "size of the graph and the data sets loaded"),
        Command("list", (Param("type"),), _list, "entities of a type", examples=("type=role",)),
        Command("show", (Param("ref", True),), _call("rolegraph.lookup.show", "show", "ref"), "one entity, its links and their sources", examples=("ref=Python",)),
        Command("search", (Param("q", True, aliases=("text",)), Param("type"), Param("limit", kind="int", least=1)), _search, "find entities by name", examples=("q=wrangle",)),
        Command("why", (Param("s", True), Param("p", True), Param("o", True)), _call("rolegraph.lookup.show", "why", "s", "p", "o"), "the sources of one fact", examples=("s=data+scientist&p=usesTool&o=Tableau",)),
        Command("compare", (Param("a", True), Param("b", True)), _call("rolegraph.careers.compare", "compare", "a", "b"), "what two roles share", examples=("a=data+scientist&b=machine+learning+engineer",)),
        Command("gap", (Param("from", True), Param("to", True)), _call("rolegraph.careers.gap", "gap", "from", "to"), "a learning plan from one role to another", examples=("from=data+analyst&to=data+scientist",)),
        Command("path", (Param("a", True), Param("b", True), Param("max", kind="int", least=1)), lambda s, a: __import__("rolegraph.careers.path", fromlist=["path"]).path(s, a["a"], a["b"], k=a["max"] or 1), "the shortest explained chains between two entities", examples=("a=Tableau&b=TensorFlow",)),
        Command(
            "fit",
            (Param("skill", many=True), Param("tool", many=True), Param("text"), Param("archetypes", kind="flag"), Param("type", many=True), Param("dataset", many=True), Param("limit", kind="int")),
            _fit,
            "roles ranked for skills, tools or a job ad (POST a text field for long texts)",
            post=True,
            examples=("skill=SQL&tool=Excel",),
        ),
        Command(
            "extract",
            (Param("text", True), Param("limit", kind="int")),
            _extract,
            "the skills and tools a text asks for (POST a text field for long texts)",
            post=True,
            examples=("text=We+need+Python%2C+SQL+and+Tableau+for+reporting.",),
        ),
        Command("workflow", (Param("role"),), _call("rolegraph.careers.workflow", "workflow", "role"), "the machine-learning project workflow"),
        Command("similar", (Param("ref", True), Param("limit", kind="int")), lambda s, a: __import__("rolegraph.careers.compare", fromlist=["similar"]).similar(s, a["ref"], limit=a["limit"] or None), "roles ranked by similarity", examples=("ref=data+analyst",)),
        Command("matrix", (), _call("rolegraph.careers.compare", "matrix"), "all-pairs role similarity"),
        Command("queries", (), lambda _s, _a: _queries(), "the named SPARQL queries"),
    ]
}
#: Fields a request may send that no command takes (caches, trackers) are errors, except these.
_IGNORED = frozenset({"format"})


def _queries() -> Any:
    from ..sparql import named_queries

    return list(named_queries().values())


def parse(command: Command, values: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The arguments of ``command`` from request parameters (name → values).
    Raises :class:`BadRequest` naming the parameter."""
    known = {p.name for p in command.params} | {a for p in command.params for a in p.aliases} | _IGNORED
    unknown = sorted(set(values) - known)
    if unknown:
        takes = ", ".join(p.name for p in command.params) or "no parameters"
        raise BadRequest(f"/api/{command.name} takes {takes}; not {', '.join(unknown)}")
    args: dict[str, Any] = {}
    for p in command.params:
        given = [v for name in (p.name, *p.aliases) for v in values.get(name, [])]
        if p.kind == "flag":
            args[p.name] = bool(given) and given[-1].lower() not in ("0", "false", "no", "off", "")
            continue
        if not given:
            if p.required:
                raise BadRequest(f"/api/{command.name} needs the parameter {p.name!r}")
            args[p.name] = [] if p.many else None
            continue
        if p.kind == "int":
            try:
                numbers = [int(v) for v in given]
            except ValueError:
                raise BadRequest(f"{p.name} must be a whole number, not {given[0][:20]!r}") from None
            if any(n < p.least for n in numbers):
                raise BadRequest(f"{p.name} must be at least {p.least}")
            args[p.name] = numbers if p.many else numbers[-1]
        elif p.many:
            args[p.name] = [v for v in given if v.strip()]
        else:
            if len(given) > 1:
                raise BadRequest(f"give {p.name} once")
            args[p.name] = given[0]
    return args


def answer(store: Store, name: str, values: Mapping[str, Sequence[str]]) -> tuple[int, Any]:
    """``(HTTP status, JSON data)`` for ``/api/<name>`` with ``values``."""
    from ..results import to_data

    command = COMMANDS.get(name)
    if command is None:
        return 404, {"error": f"no API command {name!r}", "commands": sorted(COMMANDS)}
    try:
        return 200, to_data(command.call(store, parse(command, values)))
    except UnknownEntityError as exc:
        return 404, {"error": str(exc), "suggestions": exc.suggestions}
    except AmbiguousEntityError as exc:
        return 400, {"error": str(exc), "candidates": [{"id": i, "label": label, "type": t} for i, label, t in exc.candidates]}
    except (BadRequest, WrongTypeError) as exc:
        return 400, {"error": str(exc)}
    except RolegraphError as exc:
        return 400, {"error": " ".join(str(exc).splitlines())}
