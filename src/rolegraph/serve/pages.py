"""The web app's pages, rendered on the server from the same library calls as
the CLI and the API (Jinja2 templates in ``templates/``, autoescaped).

Every page has a stable URL made of its inputs (``/compare?a=...&b=...``), so
it can be shared, bookmarked and reached with the back button. An unknown
name answers 404 with the nearest names as links; a bad input 400 with the
reason, on the page that was asked for.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.responses import HTMLResponse, Response

from ..errors import AmbiguousEntityError, RolegraphError, UnknownEntityError
from ..vocab import BASE, short

if TYPE_CHECKING:
    import jinja2

    from ..store import Store

#: The pages of the navigation bar: path, title.
NAV = [("/", "Search"), ("/compare", "Compare"), ("/gap", "Learning plan"), ("/fit", "Fit"), ("/workflow", "Workflow"), ("/graph", "Graph")]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("rolegraph.serve", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(nav=NAV, entity_url=entity_url, url=url)
    env.filters["pct"] = lambda x: f"{x:.0%}"
    env.filters["num"] = lambda x: f"{x:.2f}"
    return env


def ref_of(item: Any) -> str:
    """What names an entity in a URL: its CURIE (exact under any data)."""
    ident = item["id"] if isinstance(item, dict) else item.id
    return short(ident if ":" in ident else BASE + ident)


def entity_url(item: Any) -> str:
    return "/show?" + urlencode({"ref": ref_of(item)})


def url(path: str, **values: Any) -> str:
    pairs = [(k, v) for k, vs in values.items() for v in (vs if isinstance(vs, (list, tuple)) else [vs]) if v not in (None, "")]
    return path + ("?" + urlencode(pairs) if pairs else "")


def _html(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(environment().get_template(template).render(**context), status_code=status)


def _one(values: dict[str, list[str]], name: str) -> str | None:
    found = [v for v in values.get(name, []) if v.strip()]
    return found[-1].strip() if found else None


def not_found(path: str) -> Response:
    return _html("error.html", 404, title="Not found", message=f"There is no page {path}.", suggestions=[], active="")


def render(store: Store, name: str, values: dict[str, list[str]]) -> Response:
    """The page ``name`` for the request's ``values``."""
    try:
        return _PAGES[name](store, values)
    except UnknownEntityError as exc:
        return _html("error.html", 404, title="Not found", message=str(exc), suggestions=exc.suggestions, active=name)
    except AmbiguousEntityError as exc:
        choices = [{"id": i, "label": label, "type": t} for i, label, t in exc.candidates]
        return _html("error.html", 400, title="Which one?", message=f"{exc.ref!r} names several entities; choose one:", choices=choices, active=name)
    except RolegraphError as exc:
        return _html("error.html", 400, title="Cannot answer", message=" ".join(str(exc).splitlines()), suggestions=[], active=name)


def _roles(store: Store) -> list[dict[str, str]]:
    from ..lookup import list_entities
    from ..results import to_data

    return to_data(list_entities(store, "Role"))  # type: ignore[no-any-return]


def home(store: Store, values: dict[str, list[str]]) -> Response:
    from ..lookup import stats
    from ..results import to_data

    return _html("home.html", stats=to_data(stats(store)), roles=_roles(store), active="/")


def search_page(store: Store, values: dict[str, list[str]]) -> Response:
    from ..lookup import search
    from ..lookup.explore import METHOD
    from ..results import to_data

    q = _one(values, "q")
    if not q:
        return home(store, values)
    hits = to_data(search(store, q, limit=25))
    if len(hits) == 1 or (hits and hits[0]["score"] == 1.0 and (len(hits) == 1 or hits[1]["score"] < 1.0) and _one(values, "go")):
        return show_page(store, {"ref": [ref_of(hits[0])]})
    return _html("search.html", q=q, hits=hits, method=METHOD, active="/")


def show_page(store: Store, values: dict[str, list[str]]) -> Response:
    from ..lookup import show
    from ..results import to_data

    ref = _one(values, "ref")
    if not ref:
        return home(store, values)
    entity = to_data(show(store, ref))
    titles = {d["id"]: d["title"] for d in entity["datasets"]}
    groups: dict[str, list[dict[str, Any]]] = {}
    for link in entity["links"]:
        for where in link["datasets"] or [""]:
            groups.setdefault(where, []).append(link)
    return _html("show.html", e=entity, groups=groups, titles=titles, ref=ref_of(entity), active="/")


def compare_page(store: Store, values: dict[str, list[str]]) -> Response:
    from ..careers import compare
    from ..results import to_data

    a, b = _one(values, "a"), _one(values, "b")
    result = to_data(compare(store, a, b)) if a and b else None
    return _html("compare.html", a=a or "", b=b or "", result=result, roles=_roles(store), active="/compare")


def gap_page(store: Store, values: dict[str, list[str]]) -> Response:
    from ..careers import gap
    from ..results import to_data

    a, b = _one(values, "from"), _one(values, "to")
    result = to_data(gap(store, a, b)) if a and b else None
    if result is not None:
        result["plan"] = sorted([*result["missing"]["skills"], *result["missing"]["tools"]], key=lambda i: i.get("position") or 0)
    return _html("gap.html", a=a or "", b=b or "", result=result, roles=_roles(store), active="/gap")


def fit_page(store: Store, values: dict[str, list[str]]) -> Response:
    from ..careers import fit
    from ..careers.fit import METHOD
    from ..lookup import list_entities
    from ..results import to_data

    text = _one(values, "text")
    skills = [v for v in values.get("skill", []) if v.strip()]
    tools = [v for v in values.get("tool", []) if v.strip()]
    result = None
    marked: list[list[dict[str, Any]]] = []
    if text or skills or tools:
        result = to_data(fit(store, skills, tools, text=text, limit=15))
    if text:
        marked = _marked(store, text)
    choices = {"skills": to_data(list_entities(store, "Skill")), "tools": to_data(list_entities(store, "Tool"))}
    if len(choices["skills"]) > 300:  # a large data set: tick only the sourced graph's, type the rest
        choices = {k: [c for c in v if ":" not in c["id"]] for k, v in choices.items()}
    return _html("fit.html", text=text or "", skills=skills, tools=tools, result=result, choices=choices, method=METHOD, marked=marked, active="/fit")


def _marked(store: Store, text: str) -> list[list[dict[str, Any]]]:
    """The text as lines of pieces, each recognised span marked with what it
    names (and how), each unrecognised term marked as such: what the fit
    page shows (the template escapes every piece)."""
    from ..extract import extract

    found = extract(store, text)
    marks: list[tuple[int, int, str, str]] = []
    for f in found.found:
        for sp in f.spans:
            marks.append((sp.start, sp.end, "found", f"{f.label} ({f.type}, {f.how}, score {f.score:.2f})"))
    for sp in found.unrecognised:
        marks.append((sp.start, sp.end, "unrecognised", "not recognised"))
    pieces: list[dict[str, Any]] = []
    at = 0
    for start, end, kind, title in sorted(marks):
        if start < at:
            continue  # a span inside one already marked
        if start > at:
            pieces.append({"text": text[at:start], "kind": "", "title": ""})
        pieces.append({"text": text[start:end], "kind": kind, "title": title})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "kind": "", "title": ""})
    lines: list[list[dict[str, Any]]] = [[]]
    for piece in pieces:
        for n, part in enumerate(piece["text"].replace("\r\n", "\n").split("\n")):
            if n:
                lines.append([])
            if part:
                lines[-1].append({**piece, "text": part})
    return lines


def workflow_page(store: Store, values: dict[str, list[str]]) -> Response:
    from ..careers import workflow
    from ..results import to_data

    role = _one(values, "role")
    return _html("workflow.html", steps=to_data(workflow(store, role)), role=role or "", roles=_roles(store), active="/workflow")


def graph(store: Store, values: dict[str, list[str]]) -> Response:
    """The interactive graph (the renderer of ``viz``), its nodes linked to
    the entity pages; a form to choose the view when none is asked for."""
    from .. import viz

    focus, compare_refs, path_refs = _one(values, "focus"), values.get("compare", []), values.get("path", [])
    depth = _one(values, "depth")
    try:
        if len([x for x in compare_refs if x.strip()]) == 2:
            options: dict[str, Any] = {"compare": [x.strip() for x in compare_refs]}
        elif len([x for x in path_refs if x.strip()]) == 2:
            options = {"path": [x.strip() for x in path_refs]}
        elif focus:
            options = {"focus": focus, "depth": int(depth) if depth and depth.isdigit() else 1}
        else:
            return _html("graph.html", roles=_roles(store), active="/graph")
        try:
            html = viz.render(store, entity_url="/show?ref=", **options)
        except TypeError:  # a renderer without links to the app
            html = viz.render(store, **options)
    except UnknownEntityError as exc:
        return _html("error.html", 404, title="Not found", message=str(exc), suggestions=exc.suggestions, active="/graph")
    except RolegraphError as exc:
        return _html("error.html", 400, title="Cannot draw that", message=" ".join(str(exc).splitlines()), suggestions=[], active="/graph")
    return HTMLResponse(html)


_PAGES = {
    "home": home,
    "search": search_page,
    "show": show_page,
    "compare": compare_page,
    "gap": gap_page,
    "fit": fit_page,
    "workflow": workflow_page,
}
