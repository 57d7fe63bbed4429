"""The words the extractor needs to know about English, kept in one place.

Names that are also ordinary words ("Excel", "Spark", "Go", "Python") count
only where a text uses them as names; the lists below say which names those
are, which neighbouring words make a sentence technical, and which words
before or after a name show that it is a verb or part of an idiom. They are
plain data: extend them here (and say why in a test).
"""

from __future__ import annotations

#: Names of tools, languages and platforms that are also English words,
#: animals, places or first names, lower case. A name of two letters or fewer
#: is treated the same way without being listed.
COMMON_NAMES = frozenset(
    """
    access ada airflow alpine amber ant apex arrow atom azure basic beam bee bootstrap box bun
    canvas cassandra chef circle cobra compass conda crystal dart dash delta django docker drive
    drill eclipse elastic elixir ember envoy excel express falcon fire flask flink flow flume
    flutter forms fortran gatsby gauss glue go grafana gradle groovy harbor helm hive hugo
    impala ionic java jenkins julia jupyter kafka keras kibana kite lambda linear logo looker
    lua luigi mahout maple maven mercury meteor mode mongo monday neo nest next nifi node nomad
    notion numba oak octave office oozie oracle orange outlook pandas pascal pig pilot play
    plotly polars postman power prefect presto prism puppet pyramid python quartz rails ray react
    redis redshift ruby rust sage salt scala scheme seaborn sentry shell shiny sketch slack
    snowflake solar solr spark sphinx spring sqoop storm stream streamlit studio superset swift
    tableau teams terraform tiny tornado turtle unity vault vertex vision visio word workday
    yarn zeppelin zoom
    """.split()
)

#: Skills named by everyday words that any job ad uses ("communication",
#: "research", "problem solving"): they count only in a technical text.
GENERIC_SKILLS = frozenset(
    """
    algorithms analysis coding communication creativity leadership math maths mathematics
    physics programming research statistics stats teamwork testing writing
    """.split()
)

#: Words that make a sentence technical (lower case; a word counts in any
#: form that starts with one of these, so "spreadsheet" covers "spreadsheets").
TECH_CUES = frozenset(
    """
    analytics api apis backend back-end compiler dashboard database dataset datasets devops
    etl frontend front-end framework github gitlab ide jupyter kubernetes notebook-based
    open-source pivot programmer programming scripting spreadsheet sql software
    vba developer developers coding queries query
    """.split()
)

#: Words in a skill's label or description that make it technical (so that
#: naming it makes a sentence technical), beside :data:`TECH_CUES`.
TECH_TOPICS = frozenset("software computer computers computing ict programming code coding algorithms web internet cloud digital".split())

#: Words that make a sentence about programming languages (for one- and
#: two-letter language names such as R, C, Go and D).
LANGUAGE_CUES = frozenset("language languages programming programmer programmers coding code coder scripting compiled compiler statistical".split())

#: A word before a name that shows it is a verb: "to excel", "you will go",
#: "we spark".
VERB_BEFORE = frozenset(
    "to will would can could should must may might shall you we they i he she it who which that not never always also often really truly".split()
)

#: Words after a name that show it is not the name ("excel at", "go the extra
#: mile", "spark curiosity", "pig farm", "a swift response"). Keyed by the
#: name (lower case); ``*`` applies to every listed name.
IDIOM_AFTER: dict[str, frozenset[str]] = {
    "*": frozenset("at the a an beyond above through out up down over into our your their his her my its".split()),
    "excel": frozenset("in within".split()),
    "spark": frozenset("curiosity joy interest interests conversation conversations debate ideas creativity imagination change innovation plug plugs plugged".split()),
    "go": frozenset("the extra beyond above ahead back home out on further far".split()),
    "swift": frozenset("response responses action actions service reply replies manner recovery delivery turnaround".split()),
    "rust": frozenset("proofing proof proofed removal treatment prevention stains".split()),
    "pig": frozenset("farm farms farmer farming roast feed pen pens unit units".split()),
    "hive": frozenset("of inspection inspections frames".split()),
    "airflow": frozenset("in through around across rate rates readings measurement measurements".split()),
    "python": frozenset("enclosure enclosures snake snakes feeding".split()),
    "java": frozenset("blend blends beans bean coffee roast".split()),
    "shell": frozenset("fish eggs egg station stations".split()),
    "oracle": frozenset("bones".split()),
    "word": frozenset("of".split()),
    "teams": frozenset("of".split()),
}

#: Words before a name that show it is not the name ("a swift", "the pig",
#: "fresh Java"): articles and everyday adjectives a tool name never takes.
IDIOM_BEFORE: dict[str, frozenset[str]] = {
    "go": frozenset("and or let lets on".split()),
    "rust": frozenset("of remove removing prevent preventing treat treating surface".split()),
    "pig": frozenset("roast roasted suckling guinea".split()),
    "python": frozenset("burmese royal ball reticulated rock".split()),
    "java": frozenset("fresh hot cup".split()),
    "hive": frozenset("bee".split()),
    "spark": frozenset("a".split()),
    "swift": frozenset("a".split()),
    "shell": frozenset("egg sea".split()),
}
