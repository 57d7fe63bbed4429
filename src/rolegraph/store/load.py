"""Reading RDF files into an Oxigraph store, and handing the same quads to the
projection builder on the way.

Facts in named graphs (one per supporting passage, see ``ontology.ttl``) are
also copied into the default graph, which therefore holds every asserted fact.
A file that cannot be read or parsed stops the load with a
:class:`~rolegraph.errors.GraphLoadError` naming the file, line and column.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GraphLoadError, StoreError, escape_controls
from ..shipped import RDF_SUFFIXES, graph_dir, ontology_path, rdf_files, rdf_format, shapes_path
from ..vocab import SHAPES_GRAPH

if TYPE_CHECKING:
    import pyoxigraph

    from ..projection import ProjectionBuilder

Progress = Callable[[str], None]

#: Turtle and N-Triples files larger than this go through Oxigraph's own bulk
#: loader, several times faster than passing Python objects.
BULK_BYTES = 4_000_000
_BATCH = 10_000


#: The name ``--graph`` takes for the graph shipped with rolegraph.
BUILTIN = "builtin"


@dataclass(frozen=True)
class Dataset:
    """One input data set: the shipped graph (``builtin``) or what a path
    names, with its RDF files. ``id`` is short and unique in a store."""

    id: str
    path: str
    files: tuple[Path, ...]


def _files_of(item: str | os.PathLike[str]) -> list[Path]:
    if str(item) == BUILTIN:
        return rdf_files(graph_dir())
    path = Path(item)
    if str(item) == "":
        raise GraphLoadError("--graph was given an empty path")
    if not path.exists():
        raise GraphLoadError(f"{path}: no such file or directory")
    if not (path.is_file() or path.is_dir()):
        # A pipe would block the reader forever (and Ctrl-C with it), a device never end.
        raise GraphLoadError(f"{path}: not a regular file or a directory (a pipe, device or socket cannot be read as a graph)")
    found = rdf_files(path)
    if path.is_dir() and not found:
        raise GraphLoadError(f"{path}: the directory holds no RDF files ({', '.join(RDF_SUFFIXES)})")
    for f in found:
        try:
            rdf_format(f)
        except ValueError as exc:
            raise GraphLoadError(f"{f}: {exc}") from None
    return found


def datasets(graph: Sequence[str | os.PathLike[str]] | None = None, add: Sequence[str | os.PathLike[str]] = ()) -> list[Dataset]:
    """The data sets to load: ``graph`` (default: the shipped graph, whose
    name is ``builtin``), then those of ``add``. Each path (a file or a
    directory) is one data set. Raises :class:`GraphLoadError` for a missing
    path, a directory with no RDF or a file that is not RDF.

    >>> [(d.id, len(d.files) > 3) for d in datasets(add=[])]
    [('builtin', True)]
    """
    found: list[Dataset] = []
    seen: set[str] = set()
    for item in [*(graph or [BUILTIN]), *add]:
        files = tuple(_files_of(item))
        stem = BUILTIN if str(item) == BUILTIN else (Path(item).stem or Path(item).name or "data")
        key, n = stem, 1
        while key in seen:
            n += 1
            key = f"{stem}-{n}"
        seen.add(key)
        found.append(Dataset(key, str(item), files))
    if len(found) > 31:
        raise GraphLoadError(f"{len(found)} data sets given; rolegraph keeps apart at most 31 (put files together in a directory)")
    return found


def data_files(graph: Sequence[str | os.PathLike[str]] | None = None) -> list[Path]:
    """The data files of :func:`datasets` ``(graph)``, in order.

    >>> [f.name for f in data_files()][:2]
    ['archetypes.trig', 'esco.ttl']
    """
    return [f for d in datasets(graph) for f in d.files]


_POSITION = re.compile(r"^Parser error (?:at line \d+ )?(?:between|at) [^:]*: ", re.S)


# ------------------------------------------------------------------ input limits
#
# Before a parser sees a file it is read once more, in pieces, by a lexer that
# knows just enough of each syntax (strings, IRIs, comments, tags) to follow
# the nesting depth and, in RDF/XML, what DTD entities expand to. Oxigraph
# bounds neither: eight levels of nested entities turn 1 KB of RDF/XML into a
# 300-million-character literal, 20,000 nested triple terms overflow the
# stack, and nesting costs time (RDF/XML) or memory (JSON-LD) quadratic in
# depth. The lexers agree with the parsers on every well-formed file; where
# they could disagree the file is malformed and the parser, which reads it in
# order, stops there (N-Triples and N-Quads, which the bulk loader parses in
# parallel pieces, are checked line by line).
#
# Speed: one match of a lexer's regular expression swallows a run of tokens
# that leave the depth as it was, whole groups up to three levels deep among
# them (a blank node holding a list, an element holding elements holding
# text), so Python sees only the tokens around deeper nesting.

#: The deepest nesting accepted: brackets in Turtle, TriG, N3, N-Triples and
#: N-Quads (collections, blank nodes, graph blocks and formulas, triple
#: terms), arrays and objects in JSON-LD, elements in RDF/XML.
MAX_DEPTH = 256
#: What the DTD entities of an RDF/XML file may expand to, in characters, all
#: together (each declaration and each reference counts its whole
#: expansion): this, or twice the file's size if that is more.
ENTITY_BUDGET = 16 << 20
_CHUNK = 1 << 20
_NL = b"\n"
#: Groups up to this deep are matched whole, inside a run of tokens.
_GROUP_LEVELS = 3
#: The most tokens one match takes: the regular expression engine slows
#: down on longer repetitions.
_RUN = 1000


class _Cursor:
    """Where in ``path`` the piece being read starts, to name a position in it."""

    def __init__(self, path: Path):
        self.path, self.line, self.column = path, 1, 0

    def advance(self, done: bytes) -> None:
        """The next piece starts after ``done``."""
        last = done.rfind(_NL)
        if last < 0:
            self.column += len(done.decode("utf-8", "replace"))
        else:
            self.line += done.count(_NL)
            self.column = len(done[last + 1 :].decode("utf-8", "replace"))

    def where(self, buf: bytes, pos: int) -> str:
        """``path:line:column`` of byte ``pos`` of the piece ``buf``."""
        last = buf.rfind(_NL, 0, pos)
        column = len(buf[last + 1 : pos].decode("utf-8", "replace")) + 1 + (self.column if last < 0 else 0)
        return f"{self.path}:{self.line + buf.count(_NL, 0, pos)}:{column}"

    def too_deep(self, buf: bytes, pos: int) -> GraphLoadError:
        return GraphLoadError(f"{self.where(buf, pos)}: nested more than {MAX_DEPTH} levels deep (rolegraph's limit for RDF files)")


def _chunks(path: Path, size: int = _CHUNK) -> Iterator[bytes]:
    """The file in pieces of ``size`` bytes."""
    with open(path, "rb") as fh:
        while data := fh.read(size):
            yield data


def _whole_lines(path: Path, size: int = _CHUNK) -> Iterator[bytes]:
    """The file in pieces of about ``size`` bytes that each end with a
    newline (or the file)."""
    carry: list[bytes] = []
    for data in _chunks(path, size):
        cut = data.rfind(_NL) + 1
        if not cut:
            carry.append(data)
            continue
        yield b"".join([*carry, data[:cut]])
        carry = [data[cut:]]
    if any(carry):
        yield b"".join(carry)


_ATOMIC = itertools.count()


def _atomic(pattern: bytes) -> bytes:
    """``pattern`` as an atomic group, never backtracked into (so no
    catastrophic backtracking), in a form Python 3.10 reads."""
    n = next(_ATOMIC)
    return b"(?=(?P<_a%d>%s))(?P=_a%d)" % (n, pattern, n)


class _Lexer:
    """Two lexers whose group ``skip`` matches a run of ``token``: in the
    ``fast`` one the run also takes whole groups (``opening``, such a run,
    ``closing``, or a ``unit``, which counts as a group) up to
    :data:`_GROUP_LEVELS` deep; in the ``exact`` one, used within that many
    levels of :data:`MAX_DEPTH`, none. ``rest`` holds the alternatives for
    anything else, each a named group. Compiled on first use (every command
    would otherwise pay the few milliseconds)."""

    def __init__(self, token: bytes, opening: bytes, closing: bytes, rest: bytes, unit: bytes | None = None):
        self.token, self.opening, self.closing, self.rest, self.unit = token, opening, closing, rest, unit

    def _level(self, k: int) -> bytes:
        if k == 0:
            return b"(?:" + self.token + b")"
        group = self.opening + _atomic(b"(?:" + self._level(0) + b"|" + self._level(k - 1) + b"){0,%d}" % _RUN) + self.closing
        return b"(?:" + (self.unit + b"|" if self.unit else b"") + group + b")"

    @cached_property
    def fast(self) -> re.Pattern[bytes]:
        return re.compile(b"(?P<skip>(?:" + self._level(0) + b"|" + self._level(_GROUP_LEVELS) + b"){1,%d})|" % _RUN + self.rest, re.X | re.S)

    @cached_property
    def exact(self) -> re.Pattern[bytes]:
        return re.compile(b"(?P<skip>" + self._level(0) + b"{1,%d})|" % _RUN + self.rest, re.X | re.S)

    def at(self, depth: int) -> re.Pattern[bytes]:
        """The lexer to use at ``depth``."""
        return self.fast if depth + _GROUP_LEVELS <= MAX_DEPTH else self.exact


# Turtle, TriG, N3, N-Triples, N-Quads. Every token but a long string ends
# before a newline.
_TTL = _Lexer(
    rb"""
        [^"'<>\#\\()\[\]{}]+
      | <[^<>\x00-\x20]*>
      | (?!\"\"\")"[^"\\\n\r]*(?:\\.[^"\\\n\r]*)*"
      | \"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*\"\"\"
      | (?!''')'[^'\\\n\r]*(?:\\.[^'\\\n\r]*)*'
      | '''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''
      | \#[^\n\r]*
      | \\.
      | <(?!<) | >(?!>)
    """,
    rb"(?:<<\(|[(\[{]|<<)",
    rb"(?:\)>>|[)\]}]|>>)",
    rb"""(?P<open><<\(|[(\[{]|<<) | (?P<close>\)>>|[)\]}]|>>) | (?P<long>\"\"\"|''') | (?P<stray>.)""",
)
_LONG_END = {
    b'"""': re.compile(rb'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""', re.S),
    b"'''": re.compile(rb"[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''", re.S),
}
_LINE_WITH_TRIPLE_TERM = re.compile(rb"[^\n]*<<[^\n]*")


def _turtle_depth(at: _Cursor, buf: bytes, pos: int, end: int, depth: int, long: bytes | None) -> tuple[int, bytes | None]:
    """Follow the nesting over ``buf[pos:end]`` (which ends with a newline or
    the file); returns the depth and the delimiter of a long string still open."""
    while pos < end:
        if long is not None:
            m = _LONG_END[long].match(buf, pos, end)
            if m is None:
                break
            long, pos = None, m.end()
            continue
        m = _TTL.at(depth).match(buf, pos, end)
        assert m is not None
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise at.too_deep(buf, pos)
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "long":
            long = m.group()
        pos = m.end()
    return depth, long


def _check_turtle(path: Path) -> None:
    depth, long, at = 0, None, _Cursor(path)
    for buf in _whole_lines(path):
        depth, long = _turtle_depth(at, buf, 0, len(buf), depth, long)
        at.line += buf.count(_NL)


def _check_ntriples(path: Path) -> bool:
    """Check the nesting; returns whether the file may hold a blank node
    (it holds "_:" somewhere)."""
    # One statement a line, and only a triple term (<<( ... )>>) nests, so a
    # piece without "<<" is passed at the speed of a byte search.
    at = _Cursor(path)
    blank = False
    for buf in _whole_lines(path):
        if b"<<" in buf:
            for m in _LINE_WITH_TRIPLE_TERM.finditer(buf):
                _turtle_depth(at, buf, m.start(), m.end(), 0, None)
        blank = blank or b"_:" in buf
        at.line += buf.count(_NL)
    return blank


# JSON-LD. A string may be cut by the piece's end.
_JSON = _Lexer(
    rb"""[^"\[\]{}]+ | "[^"\\]*(?:\\.[^"\\]*)*" """,
    rb"[\[{]",
    rb"[\]}]",
    rb"""(?P<open>[\[{]) | (?P<close>[\]}]) | (?P<string>")""",
)
_JSON_STRING_END = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*"', re.S)


def _check_json(path: Path) -> None:
    depth, in_string, at, carry = 0, False, _Cursor(path), b""
    for data in _chunks(path):
        buf, carry = carry + data, b""
        pos, n = 0, len(buf)
        while pos < n:
            if in_string:
                m = _JSON_STRING_END.match(buf, pos)
                if m is None:  # the string goes on in the next piece
                    if (n - len(buf.rstrip(b"\\"))) % 2:
                        carry = b"\\"  # a backslash escaping the next piece's first byte
                    break
                in_string, pos = False, m.end()
                continue
            m = _JSON.at(depth).match(buf, pos)
            assert m is not None
            kind = m.lastgroup
            if kind == "skip":
                pass
            elif kind == "open":
                depth += 1
                if depth > MAX_DEPTH:
                    raise at.too_deep(buf, pos)
            elif kind == "close":
                depth = max(0, depth - 1)
            else:
                in_string = True
            pos = m.end()
        at.advance(buf[: n - len(carry)])


# RDF/XML, read as Oxigraph's XML reader does: attribute values may hold ">";
# a DOCTYPE (in any case, anywhere) runs to the ">" that balances its "<"s,
# quotes and comments notwithstanding; "<!" opening anything but a comment,
# CDATA or a DOCTYPE is an error. A tag, comment, DOCTYPE or reference may be
# cut by the piece's end: it is carried over, and the next read is at least
# as long, so the file is read in linear time whatever the token's length.
_XML_TAG = rb"""<(?![!?/])[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
_XML = _Lexer(
    rb"""
        [^<&]+ | &[^&;<\s]*;
      | <!--.*?-->
      | <!\[CDATA\[.*?\]\]>
      | <\?.*?\?>
    """,
    _XML_TAG + rb"(?<!/)>",
    rb"</[^>]*>",
    rb"""(?P<empty>""" + _XML_TAG + rb"""(?<=/)>) | (?P<start>""" + _XML_TAG + rb""">) | (?P<end></[^>]*>)
    | (?P<doctype><![Dd][Oo][Cc][Tt][Yy][Pp][Ee]) | (?P<cut>.)""",
    unit=_XML_TAG + rb"(?<=/)>",  # an empty element, one level deep
)
#: The longest DOCTYPE accepted, in bytes (RDF/XML's are a few lines).
MAX_DOCTYPE = 1 << 20
_ANGLE = re.compile(rb"[<>]")
_BANGS = (b"<!--", b"<![CDATA[", b"<!DOCTYPE")
# Oxigraph reads a declaration ("<!ENTITY name "value">", a value without
# "<") anywhere in what it takes for a DOCTYPE, and expands it at once (so
# nested entities grow geometrically before any is used), then again at each
# reference: every "<!ENTITY" and every reference of the file is counted,
# wherever it is.
_ENTITY = re.compile(rb'<!ENTITY\s*(?:%\s*)?(?P<name>[^\s<]+)\s+"(?P<value>[^"<]*)"|&(?P<ref>[^&;<\s]+);')
_ENTITY_REF = re.compile(rb"&([^&;<\s]+);")
_CUT_REF = re.compile(rb"&[^&;<\s]*")


def _pieces(path: Path) -> Generator[tuple[bytes, bool], bytes, None]:
    """``(piece, last)`` over the file; ``send(carry)`` puts ``carry`` (the
    unread end of the piece) before the next one, which is then read at least
    as long again."""
    carry = b""
    with open(path, "rb") as fh:
        while True:
            data = fh.read(max(_CHUNK, len(carry)))
            carry = yield carry + data, not data
            if not data:
                return


def _doctype_end(at: _Cursor, buf: bytes, pos: int) -> int:
    """Where the DOCTYPE opening at ``pos`` ends (after its balancing ">"), or -1."""
    depth = 0
    for m in _ANGLE.finditer(buf, pos, pos + MAX_DOCTYPE):
        depth += 1 if m.group() == b"<" else -1
        if depth == 0:
            return m.end()
    if len(buf) - pos > MAX_DOCTYPE:
        raise GraphLoadError(f"{at.where(buf, pos)}: a DOCTYPE longer than {MAX_DOCTYPE:,} bytes (rolegraph's limit)")
    return -1


def _may_open(head: bytes) -> bool:
    """Whether ``head`` (at most 9 bytes from a "<!") begins a comment, CDATA or DOCTYPE."""
    return any(head[: len(b)].upper() == b[: len(head)] for b in _BANGS)


def _check_xml_depth(path: Path) -> None:
    with closing(_pieces(path)) as pieces:
        _xml_depth(path, pieces)


def _xml_depth(path: Path, pieces: Generator[tuple[bytes, bool], bytes, None]) -> None:
    depth, at, carry = 0, _Cursor(path), b""
    buf, final = next(pieces)
    while True:
        pos, n = 0, len(buf)
        while pos < n:
            m = _XML.at(depth).match(buf, pos)
            assert m is not None
            kind, end = m.lastgroup, m.end()
            if kind == "skip":
                pass
            elif kind == "start":
                depth += 1
                if depth > MAX_DEPTH:
                    raise at.too_deep(buf, pos)
            elif kind == "empty":
                if depth + 1 > MAX_DEPTH:
                    raise at.too_deep(buf, pos)
            elif kind == "end":
                depth = max(0, depth - 1)
            elif kind == "doctype":
                end = _doctype_end(at, buf, pos)
                if end < 0:
                    if final:
                        return  # never closed: the parser stops here
                    carry = buf[pos:]
                    break
            elif buf[pos] == 0x26:  # "&"
                if not final and _CUT_REF.fullmatch(buf, pos):
                    carry = buf[pos:]  # a reference cut by the piece's end
                    break
            elif final or (buf.startswith(b"<!", pos) and not _may_open(buf[pos : pos + 9])):
                return  # "<" opening something never closed, or nothing XML knows: the parser stops here
            else:
                carry = buf[pos:]  # cut by the piece's end
                break
            pos = end
        if final:
            return
        at.advance(buf[: n - len(carry)])
        buf, final = pieces.send(carry)
        carry = b""


def _check_xml_entities(path: Path) -> None:
    budget = max(ENTITY_BUDGET, 2 * path.stat().st_size)
    with closing(_pieces(path)) as pieces:
        _xml_entities(path, pieces, budget)


def _xml_entities(path: Path, pieces: Generator[tuple[bytes, bool], bytes, None], budget: int) -> None:
    expanded: dict[bytes, int] = {}  # entity name → the length of its expansion
    total, at = 0, _Cursor(path)
    buf, final = next(pieces)
    while True:
        end = len(buf)
        if not final:
            # A declaration holds no "<", so only one starting at the last "<"
            # can be cut by the piece's end; a reference holds no "&", "<" or space.
            lt = buf.rfind(b"<")
            if lt != -1 and (b"<!ENTITY".startswith(buf[lt:]) or (buf.startswith(b"<!ENTITY", lt) and _ENTITY.match(buf, lt) is None)):
                end = lt
            amp = buf.rfind(b"&", 0, end)
            if expanded and amp != -1 and _CUT_REF.fullmatch(buf, amp, end):
                end = amp
        if expanded or b"<!ENTITY" in buf:
            for m in _ENTITY.finditer(buf, 0, end):
                name = m.group("name")
                if name is not None:
                    value = m.group("value")
                    size = len(value) + sum(expanded.get(r, 0) for r in _ENTITY_REF.findall(value))
                    expanded[name] = size
                else:
                    name = m.group("ref")
                    size = expanded.get(name, 0)
                total += size
                if total > budget:
                    shown = escape_controls(name.decode("utf-8", "replace"), newlines=True)
                    raise GraphLoadError(
                        f"{at.where(buf, m.start())}: XML entities expand to more than {budget:,} characters "
                        f"(rolegraph's limit), at entity {shown!r}"
                    )
        if final:
            return
        at.advance(buf[:end])
        buf, final = pieces.send(buf[end:])


def check_limits(path: Path, fmt: Any = None) -> bool:
    """Raise :class:`GraphLoadError`, naming the file, line and column, when
    ``path`` nests deeper than :data:`MAX_DEPTH` or, in RDF/XML, its DTD
    entities expand past :data:`ENTITY_BUDGET`. Reads the file in pieces
    (RDF/XML twice); N-Triples and N-Quads without triple terms pass at the
    speed of a byte search. Returns False when the file (N-Triples or
    N-Quads) surely holds no blank node, else True."""
    import pyoxigraph as ox

    fmt = fmt or rdf_format(path)
    try:
        if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
            return _check_ntriples(path)
        elif fmt == ox.RdfFormat.JSON_LD:
            _check_json(path)
        elif fmt == ox.RdfFormat.RDF_XML:
            _check_xml_entities(path)
            _check_xml_depth(path)
        else:
            _check_turtle(path)
    except OSError as exc:
        raise load_error(path, exc) from None
    return True


def load_error(path: Path, exc: BaseException) -> GraphLoadError:
    """A one-line error naming the file (and the line and column when known)."""
    if isinstance(exc, SyntaxError) and exc.lineno is not None:
        message = escape_controls(_POSITION.sub("", str(exc.msg or exc)), newlines=True)
        return GraphLoadError(f"{path}:{exc.lineno}:{exc.offset or 0}: {message}")
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return GraphLoadError(f"{path}: {escape_controls(text, newlines=True)}")


def parse(path: Path, into_graph: Any = None) -> Iterator[pyoxigraph.Quad]:
    """The quads of one file; a fact in a named graph is also yielded in the
    default graph. With ``into_graph`` every triple goes to that graph instead."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    try:
        check_limits(path)
        for q in ox.parse(path=str(path), format=rdf_format(path), rename_blank_nodes=True):
            if into_graph is not None:
                yield ox.Quad(q.subject, q.predicate, q.object, into_graph)
                continue
            yield q
            if q.graph_name != default:
                yield ox.Quad(q.subject, q.predicate, q.object, default)
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
        raise load_error(path, exc) from None


def _feeding(quads: Iterable[Any], builder: ProjectionBuilder, dataset: int | None) -> Iterator[Any]:
    """Pass ``quads`` through, handing them to ``builder`` in batches."""
    batch: list[Any] = []
    for q in quads:
        batch.append(q)
        yield q
        if len(batch) >= _BATCH:
            builder.add(batch, dataset)
            batch = []
    builder.add(batch, dataset)


def load_into(store: pyoxigraph.Store, sets: Sequence[Dataset], builder: ProjectionBuilder, progress: Progress | None = None) -> None:
    """Load the ontology, the shapes (into their own graph) and the data sets
    into ``store``, handing every quad but the shapes to ``builder`` with the
    index of the data set it comes from."""
    import pyoxigraph as ox

    plan: list[tuple[Path, Any, int | None]] = [(ontology_path(), None, None), (shapes_path(), ox.NamedNode(SHAPES_GRAPH), None)]
    plan += [(f, None, i) for i, d in enumerate(sets) for f in d.files]
    builder.datasets = [(d.id, d.path) for d in sets]
    for path, graph, dataset in plan:
        if progress:
            progress(f"loading {path.name}")
        try:
            fmt = rdf_format(path)
            bulk = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES) and path.stat().st_size > BULK_BYTES
        except (ValueError, OSError) as exc:
            raise load_error(path, exc) from None
        try:
            if graph is not None:
                store.bulk_extend(parse(path, graph))
            elif bulk and fmt == ox.RdfFormat.N_TRIPLES and not check_limits(path, fmt):
                _bulk_load_pieces(store, path, builder, dataset)
            elif bulk:
                # A whole file at once: its entailments are written after it.
                builder.stream_entailments(False)
                _bulk_load(store, path, fmt, builder, dataset, checked=fmt == ox.RdfFormat.N_TRIPLES)
                builder.stream_entailments(True)
            else:
                store.bulk_extend(_feeding(parse(path), builder, dataset))
                if builder.entailed_pending() > PIECE_LINES:  # a large file: write its entailments now
                    for batch in _batches(builder.take_entailed(), PIECE_LINES):
                        store.bulk_load(input=batch, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            if dataset is None and graph is None:
                # The ontology is in: the entailments of what comes next
                # are written with it (see entail()).
                builder.stream_entailments(True)
        except (GraphLoadError, StoreError):
            raise
        except OSError as exc:
            # Reading the file fails in parse(), with a GraphLoadError: this is the store.
            raise store_error(exc) from None
        except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
            raise load_error(path, exc) from None


def store_error(exc: BaseException) -> StoreError:
    """A one-line error for a store that cannot be written (a full disk)."""
    text = getattr(exc, "strerror", None) or (str(exc).splitlines() or [type(exc).__name__])[0].rsplit(": ", 1)[-1]
    return StoreError(f"cannot write the store: {escape_controls(text, newlines=True)}")


def _bulk_load(store: pyoxigraph.Store, path: Path, fmt: Any, builder: ProjectionBuilder, dataset: int | None, checked: bool = False) -> None:
    """Bulk-load ``path`` whole; meanwhile (Oxigraph releases the GIL) parse
    it again in this thread for the builder, so the two overlap on two cores.
    ``checked``: :func:`check_limits` passed it already."""
    import threading

    import pyoxigraph as ox

    if not checked:
        check_limits(path, fmt)
    failed: list[BaseException] = []

    def load() -> None:
        try:
            store.bulk_load(path=str(path), format=fmt)
        except BaseException as exc:  # re-raised in the calling thread
            failed.append(exc)

    loader = threading.Thread(target=load, name="rolegraph-bulk-load", daemon=True)
    loader.start()
    try:
        builder.add(ox.parse(path=str(path), format=fmt), dataset)
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
        raise load_error(path, exc) from None
    finally:
        loader.join()
    if failed:
        # The file was read already (check_limits): an OSError is the store's.
        if isinstance(failed[0], OSError):
            raise store_error(failed[0])
        raise failed[0]


#: N-Triples without blank nodes go to the bulk loader in pieces of at most
#: this many bytes and lines, with the triples they entail, :data:`LOADERS`
#: pieces at a time. Oxigraph's loader holds a kilobyte or two a triple of
#: the piece it writes (1.6 GB for a whole file of millions); each piece is
#: a file more for RocksDB to compact with the others.
PIECE_BYTES = 24 << 20
PIECE_LINES = 150_000
#: Threads bulk-loading pieces at once (each writes on one core).
LOADERS = 2


def _bulk_pieces(path: Path) -> Iterator[bytes]:
    """The file in pieces of whole lines, of at most about
    :data:`PIECE_BYTES` bytes and at most :data:`PIECE_LINES` lines (or one line)."""
    for buf in _whole_lines(path, PIECE_BYTES):
        start, end = 0, len(buf)
        while start < end:
            cut = end
            while (lines := buf.count(_NL, start, cut)) > PIECE_LINES:
                # shorter, in proportion, to the end of a line (one line at least)
                cut = max(buf.rfind(_NL, start, start + (cut - start) * PIECE_LINES // lines) + 1, buf.find(_NL, start) + 1)
            yield buf if start == 0 and cut == end else buf[start:cut]
            start = cut


class _Loader:
    """Threads bulk-loading pieces of N-Triples (bytes, parsed once by
    Python already: Oxigraph's loader skips its own validation) into
    ``store`` in the background."""

    def __init__(self, store: pyoxigraph.Store, name: str = "rolegraph-bulk-load"):
        import queue
        import threading

        self.store = store
        self.pending: queue.Queue[bytes | None] = queue.Queue(maxsize=1)
        self.failed: list[BaseException] = []
        self.stopped = False
        self.threads = [threading.Thread(target=self._work, name=name, daemon=True) for _ in range(LOADERS)]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        import pyoxigraph as ox

        while True:
            piece = self.pending.get()
            if piece is None:
                return
            if self.failed or self.stopped:
                continue
            try:
                self.store.bulk_load(input=piece, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            except BaseException as exc:  # re-raised in the calling thread
                self.failed.append(exc)

    def put(self, piece: bytes) -> None:
        """Queue ``piece`` (waits while every thread is busy and a piece waits)."""
        self.check()
        self.pending.put(piece)

    def check(self) -> None:
        """Raise what went wrong in a thread, as :class:`StoreError` for an OSError."""
        if self.failed:
            exc = self.failed[0]
            if isinstance(exc, OSError):
                raise store_error(exc) from None
            raise exc

    def close(self, stop: bool = False) -> None:
        """Wait for the threads to write the pieces queued (with ``stop``, only
        those they are on), then raise what went wrong unless stopped."""
        self.stopped = self.stopped or stop
        for _ in self.threads:
            self.pending.put(None)
        for thread in self.threads:
            thread.join()
        if not stop:
            self.check()


def _bulk_load_pieces(store: pyoxigraph.Store, path: Path, builder: ProjectionBuilder, dataset: int | None) -> None:
    """Bulk-load an N-Triples file without blank nodes (the bulk loader
    names them anew on each call) in pieces of whole lines: each is parsed
    here for the builder, then written, with the triples it entails, by a
    thread while the next is parsed."""
    import pyoxigraph as ox

    loader = _Loader(store)
    line = 0  # lines before the piece
    try:
        for piece in _bulk_pieces(path):
            try:
                builder.add(ox.parse(input=piece, format=ox.RdfFormat.N_TRIPLES), dataset)
            except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
                if isinstance(exc, SyntaxError) and exc.lineno is not None:
                    exc.lineno += line
                raise load_error(path, exc) from None
            line += piece.count(_NL)
            entailed = builder.take_entailed()
            if len(entailed) <= PIECE_LINES // 2:
                loader.put(piece + "".join(entailed).encode() if entailed else piece)
            else:  # many: apart, so no call holds more than 1.5 pieces' lines
                loader.put(piece)
                for batch in _batches(entailed, PIECE_LINES):
                    loader.put(batch)
            del piece, entailed
    except BaseException:
        loader.close(stop=True)
        raise
    loader.close()


def entail(store: pyoxigraph.Store, builder: ProjectionBuilder, then: Callable[[], Any] | None = None) -> Entailing:
    """Materialise the RDFS entailments SPARQL users rely on, for the ``rg:``
    vocabulary: the types implied by ``rdfs:subClassOf`` (a programming language
    is found with ``?x a rg:Tool``, every role with ``?x a rg:Job``) and the
    links implied by ``rdfs:subPropertyOf`` (``?r rg:requiresSkill ?s`` finds
    essential and optional skills), in the default graph.

    The builder, which saw every quad loaded, plans them (see
    :meth:`~rolegraph.projection.builder.ProjectionBuilder.entailment`) and
    takes in at once what they change for it (the entailed types). Those
    between IRIs were mostly written with the data already (see
    :meth:`~rolegraph.projection.builder.ProjectionBuilder.stream_entailments`);
    the rest, from what the builder holds, go to the bulk loader as
    N-Triples, and those of blank nodes and literals to SPARQL updates, in a
    background thread, which then calls ``then`` (its result is
    :attr:`Entailing.result`): :meth:`Entailing.wait` for it before using
    or closing the store."""
    import pyoxigraph as ox

    plan = builder.entailment()
    streamed = builder.streamed(plan)
    left = builder.take_entailed()
    types = builder.add_entailed_types(plan)
    default = ox.DefaultGraph()
    for prop, supers in plan.feed:
        stated = list(store.quads_for_pattern(None, ox.NamedNode(prop), None, default))
        builder.add([ox.Quad(q.subject, ox.NamedNode(x), q.object, default) for q in stated for x in supers])
    lines: Iterable[str] = left if streamed else itertools.chain(types, builder.entailed_links(plan))
    return Entailing(store, _batches(lines, PIECE_LINES), plan.updates, then)


def _batches(lines: Iterable[str], size: int) -> Iterator[bytes]:
    """``lines`` joined in pieces of ``size`` lines."""
    it = iter(lines)
    while batch := list(itertools.islice(it, size)):
        yield "".join(batch).encode()


class Entailing:
    """The entailed triples being written into the store by a background
    thread (see :func:`entail`)."""

    def __init__(self, store: pyoxigraph.Store, pieces: Iterator[bytes], updates: Sequence[str], then: Callable[[], Any] | None = None):
        import threading

        import pyoxigraph as ox

        self.failed: list[BaseException] = []
        self.stopped = False
        #: what ``then`` returned
        self.result: Any = None

        def work() -> None:
            try:
                for piece in pieces:
                    if self.stopped:
                        return
                    store.bulk_load(input=piece, format=ox.RdfFormat.N_TRIPLES, lenient=True)
                for update in updates:
                    if self.stopped:
                        return
                    store.update(update)
                if then is not None and not self.stopped:
                    self.result = then()
            except BaseException as exc:  # re-raised by wait()
                self.failed.append(exc)

        self.thread = threading.Thread(target=work, name="rolegraph-entail", daemon=True)
        self.thread.start()

    def wait(self, stop: bool = False) -> None:
        """Wait until the entailed triples are written (with ``stop``, give up
        after the piece being written and raise nothing); raises what went
        wrong, as :class:`StoreError` for an OSError."""
        self.stopped = self.stopped or stop
        self.thread.join()
        if self.failed and not stop:
            exc = self.failed[0]
            if isinstance(exc, OSError):
                raise store_error(exc) from None
            raise exc
