"""Text from the data reaches the terminal through one escaping path: no
control character or escape sequence (C0, C1, OSC, OSC-8 links, CSI, BEL, a
lone carriage return) comes out raw, in any command or output format; and
rich never reads data as markup (``[/x]`` crashed commands, ``a[b]c``
printed as ``ac``)."""

from __future__ import annotations

import json
import re

import pytest

# One label per kind of trouble; each a role so every role command meets it.
HOSTILE = {
    "esc-osc": "osc \x1b]0;pwned\x07 title",
    "osc8-link": "link \x1b]8;;http://127.0.0.1:9/\x1b\\click\x1b]8;;\x1b\\ here",
    "csi": "csi \x1b[2J\x1b[31m red",
    "c1-csi": "c1 \x9b2J \x9d0;t\x9c end",
    "bell-cr": "bell \x07 and \rover",
    "markup-close": "close [/x] tag",
    "markup-open": "a[b]c and [bold]bold[/bold] and [link=http://x]l[/link]",
}
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\r(?!\n)")


def _ttl(tmp_path):
    lines = [
        "@prefix rg: <https://w3id.org/rolegraph/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        'rg:sql a rg:Skill ; skos:prefLabel "SQL"@en .',
    ]
    for key, label in HOSTILE.items():
        escaped = json.dumps(label)[1:-1].replace("\\u", "\\u")
        lines.append(f'rg:{key} a rg:Role ; skos:prefLabel "{escaped}"@en ; skos:altLabel "{key}"@en ; rg:essentialSkill rg:sql .')
    path = tmp_path / "hostile.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


COMMANDS = [
    ["list", "role"],
    ["list", "role", "--format", "csv"],
    ["list", "role", "--format", "tsv"],
    ["list", "role", "--format", "json"],
    ["search", "tag"],
    ["search", "a"],
    ["similar", "SQL-free"],
    ["matrix"],
    ["matrix", "--format", "csv"],
    ["fit", "--skill", "SQL"],
    ["fit", "--skill", "SQL", "--format", "json"],
    ["sparql", "SELECT ?r ?l WHERE { ?r a rg:Role ; skos:prefLabel ?l }"],
    ["sparql", "SELECT ?r ?l WHERE { ?r a rg:Role ; skos:prefLabel ?l }", "--format", "csv"],
    ["sparql", "SELECT ?r ?l WHERE { ?r a rg:Role ; skos:prefLabel ?l }", "--format", "tsv"],
    ["sparql", "SELECT ?r ?l WHERE { ?r a rg:Role ; skos:prefLabel ?l }", "--format", "xml"],
    ["sparql", "SELECT ?r ?l WHERE { ?r a rg:Role ; skos:prefLabel ?l }", "--format", "json"],
    ["sparql", "CONSTRUCT { ?r skos:prefLabel ?l } WHERE { ?r a rg:Role ; skos:prefLabel ?l }", "--format", "nt"],
    ["sparql", "CONSTRUCT { ?r skos:prefLabel ?l } WHERE { ?r a rg:Role ; skos:prefLabel ?l }"],
    ["export", "--to", "nt"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(a[:3]) for a in COMMANDS])
def test_no_raw_control_characters_in_any_output(run, tmp_path, argv):
    if argv[0] == "similar":
        argv = ["similar", "markup-close"]
    out = run("--graph", str(_ttl(tmp_path)), *argv, env={"COLUMNS": "400"})
    assert RAW.findall(out.stdout) == [], out.stdout
    assert RAW.findall(out.stderr) == []
    if "--format" in argv and argv[argv.index("--format") + 1] == "json":
        json.loads(out.stdout)  # still valid JSON, the same data


@pytest.mark.parametrize("key", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["show", "compare", "gap", "similar", "path"])
def test_every_label_shows_as_written(run, tmp_path, key, command):
    graph = _ttl(tmp_path)
    argv = {
        "show": ["show", key],
        "compare": ["compare", key, "markup-open"],
        "gap": ["gap", key, "markup-close"],
        "similar": ["similar", key],
        "path": ["path", key, "SQL"],
    }[command]
    out = run("--graph", str(graph), *argv, env={"COLUMNS": "400"})
    assert RAW.findall(out.stdout) == [] and "Traceback" not in out.stderr
    label = HOSTILE[key] if command != "similar" else HOSTILE["markup-open" if key != "markup-open" else "markup-close"]  # similar lists the others
    shown = label.replace("\r", "\\x0d")
    shown = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", shown)
    assert shown in out.stdout, (shown, out.stdout)


def test_errors_and_warnings_are_escaped(run, tmp_path):
    graph = _ttl(tmp_path)
    out = run("--graph", str(graph), "show", "nothing \x1b]0;x\x07 here", code=1)
    assert RAW.findall(out.stderr) == [] and "\\x1b" in out.stderr
