"""Where the comments of a trip file are: the scan that lets a save keep them.

A trip file is written from the trip's data (:func:`tripplan.files.encode.dumps`),
which knows nothing of the comments a person typed into it.  So before a save
replaces a file, :func:`scan` reads the old text (and the new one) line by
line, knowing TOML strings, multi-line strings and lists, and finds each
comment and the place it sits — its table, known by a stable identity
(``[[events]]`` by its ``id``, ``[[stops]]`` by its ``city``, ``[trip.culture]``
by its name, ...), and in it the key, or the list item, it precedes or
follows.  :mod:`tripplan.files.comment_merge` puts each one back at the same place in
the new text, or says which could not be kept.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from tripplan.files.encode import HEADER

_TOKEN = re.compile(r'"""|\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'|#|[\[\]{}]')
_CLOSE = {'"""': re.compile(r'(?:[^"\\]|\\.|""?(?!"))*"{3,5}'), "'''": re.compile(r"(?:[^']|''?(?!'))*'{3,5}")}
_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_KEY = re.compile(rf"\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_HEADER = re.compile(rf"\s*(\[\[?)\s*({_PART}(?:\s*\.\s*{_PART})*)\s*\]\]?")
_SPLIT = re.compile(rf"\s*({_PART})\s*(?:\.|$)")
_PLAIN_STRING = re.compile(r'"([^"\\]*)"')
_SIMPLE = re.compile(r'([A-Za-z0-9_-]+) = ("(?:[^"\\]|\\.)*"|[^"\'#\[\]{}]*)')  # most lines tripplan writes

IDENTITY: dict[str, tuple[str, ...]] = {
    "people": ("id",), "objectives": ("id",), "events": ("id",), "followups": ("id",), "stops": ("city",),
    "ideas": ("title",), "travel_times": ("from", "to"), "sent": ("event",), "received": ("event",),
    "replies": ("event", "email", "occurrence"), "share.events": ("event",),
}
"""The keys that tell the tables of one array apart (others are told apart by their order)."""

Anchor = tuple[object, ...]


@dataclass(eq=False)
class Section:
    """One table of the document: the top level, ``[trip]``, an ``[[events]]`` entry, ``[stops.culture]``..."""

    parent: Section | None
    name: tuple[str, ...]
    array: bool
    ident: dict[str, str] = field(default_factory=dict)
    last: int = 0
    index: int = 0  # its place among the entries of its array
    start: int = -1  # the line of its header
    wanted: bool = False  # the old text has comments in it (only these are looked up in the new text)
    _key: tuple[object, ...] | None = None
    path: str = field(init=False)
    """The table's name without the array positions: ``events``, ``people.log``."""
    ident_keys: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.path = ".".join((self.parent.path.split(".") if self.parent else []) + list(self.name)).strip(".")
        self.ident_keys = IDENTITY.get(self.path, ()) if self.array else ()

    def identity(self) -> tuple[object, ...]:
        """What this table is called, with the identity keys of an array's entries."""
        return (self.parent.key if self.parent else None, self.name,
                tuple(self.ident.get(k) for k in self.ident_keys))

    @property
    def key(self) -> tuple[object, ...]:
        """A stable identity, the same in the old and the new text (set by :func:`_number`)."""
        assert self._key is not None
        return self._key


@dataclass
class Block:
    """Consecutive whole-line comments, as typed, and the blank lines around them."""

    lines: list[str]
    first: int
    blank_before: bool
    blank_after: bool = False


class _Waiting:
    """Comment blocks read but not placed yet: they belong to the next line that has a place."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.block: Block | None = None
        self.blank = False

    def gap(self) -> None:
        """A blank line: it ends the block being read."""
        self.blank, self.block = True, None
        if self.blocks:
            self.blocks[-1].blank_after = True

    def comment(self, index: int, line: str) -> None:
        """A whole-line comment, line *index*."""
        if self.block is None:
            self.block = Block([], index, self.blank)
            self.blocks.append(self.block)
        self.block.lines.append(line)
        self.blank = False

    def take(self) -> list[Block]:
        """The blocks read so far, handed over once."""
        blocks, self.blocks, self.block, self.blank = self.blocks, [], None, False
        return blocks


@dataclass
class Scan:
    """Where things are in one text: each line's anchor, inline comments, comment blocks."""

    lines: list[str]
    anchors: dict[int, Anchor] = field(default_factory=dict)  # line index -> what the line is
    items: dict[tuple[Section, str], list[int]] = field(default_factory=dict)  # (section, key) -> item lines
    last_of: dict[Anchor, int] = field(default_factory=dict)  # a key's anchor -> last line of its value
    open_end: set[int] = field(default_factory=set)  # lines that end inside a multi-line string
    inline: dict[int, tuple[int, str]] = field(default_factory=dict)  # line index -> (column, "# comment")
    blocks: list[tuple[Block, Anchor]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def _unquote(part: str) -> str:
    if part[:1] == "'" or (part[:1] == '"' and "\\" not in part):
        return part[1:-1]
    if part[:1] == '"':
        from tripplan.files.toml_parser import toml_parser

        return str(toml_parser().loads(f"k = {part}")["k"])
    return part


@functools.lru_cache(maxsize=1024)
def _dotted(text: str) -> tuple[str, ...]:
    return tuple(_unquote(m[1]) for m in _SPLIT.finditer(text))


def _value(raw: str) -> str:
    """An identity value as text, the same however it is quoted."""
    plain = _PLAIN_STRING.fullmatch(raw)
    if plain:
        return plain[1]
    if raw[:1] in "\"'":
        from tripplan.files.toml_parser import toml_parser

        try:
            return str(toml_parser().loads(f"v = {raw}")["v"])
        except Exception:
            return raw
    return raw


def _item(text: str) -> str:
    """A list item as text, the same however it is written (``2027-03-10T09:30:00`` or with a space)."""
    if _PLAIN_STRING.fullmatch(text) or text in ("]", "}"):
        return text
    from tripplan.files.toml_parser import toml_parser

    try:
        return repr(toml_parser().loads(f"v = [{text}]")["v"][0])
    except Exception:
        return text


def scan(text: str, skip_header: bool) -> Scan:
    """Scan *text* line by line, knowing strings, arrays and tables (TOML enough for trip files)."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    result = Scan(lines)
    root = Section(None, (), False)
    result.sections.append(root)
    section = root
    arrays: dict[tuple[str, ...], Section] = {}  # a [[name]]'s path -> its current entry
    state: str | None = None
    depth, key = 0, ""
    key_anchor: Anchor = ()
    seen: dict[tuple[str, str], int] = {}  # (key, item text) -> how many so far
    waiting = _Waiting()
    for i, line in enumerate(lines):
        anchor: Anchor | None = None
        pos, start_open, start_depth = 0, state, depth
        if state is not None:
            closed = _CLOSE[state].match(line)
            if closed is None:
                result.open_end.add(i)
                continue
            state, pos = None, closed.end()
        header = None
        simple = _SIMPLE.fullmatch(line) if start_open is None and depth == 0 else None
        if simple is not None:  # the usual line, at C speed: no comment, no bracket, no open string
            key = simple[1]
            if seen:
                seen = {}
            anchor = key_anchor = ("K", section, key)
            pos = simple.start(2)
        elif start_open is None and start_depth == 0:
            stripped = line.strip()
            if not stripped:
                waiting.gap()
                continue
            if stripped.startswith("#"):
                if not (i == 0 and skip_header and line == HEADER.rstrip("\n")):
                    waiting.comment(i, line)
                continue
            if stripped.startswith("["):
                header = _HEADER.match(line)
            if header is not None:
                name, array = _dotted(header[2]), header[1] == "[["
                parent = None
                for cut in range(len(name) - 1, 0, -1):
                    if name[:cut] in arrays:
                        parent, name = arrays[name[:cut]], name[cut:]
                        break
                section = Section(parent, name, array, start=i)
                full = (parent.path.split(".") if parent else []) + list(name)
                if array:
                    arrays[tuple(full)] = section
                    for other in [k for k in arrays if k[: len(full)] == tuple(full) and len(k) > len(full)]:
                        del arrays[other]
                result.sections.append(section)
                anchor, pos = ("H", section), header.end()
            else:
                found = _KEY.match(line)
                if found is None:  # not TOML we know: no anchor, its comments are reported lost
                    continue
                key, seen = ".".join(_dotted(found[1])), {}
                anchor = key_anchor = ("K", section, key)
                pos = found.end()
        elif start_open is not None:
            anchor = ("Z", *key_anchor[1:])
        value_from = pos
        comment = -1
        while simple is None:
            token = _TOKEN.search(line, pos)
            if token is None:
                break
            text = token.group()
            if text == "#":
                comment = token.start()
                break
            if text in _CLOSE:
                closed = _CLOSE[text].match(line, token.end())
                if closed is None:
                    state = text
                    break
                pos = closed.end()
                continue
            if text in ("[", "{"):
                depth += 1
            elif text in ("]", "}"):
                depth -= 1
            pos = token.end()
        code = line[:comment] if comment >= 0 else line
        if anchor is None:  # a line inside a multi-line array
            item = code.strip().rstrip(",").rstrip()
            if not item:  # a comment line (or a blank one) among the items
                if comment < 0:
                    waiting.gap()
                else:
                    waiting.comment(i, line)
                continue
            item = _item(item)
            n = seen.get((key, item), 0)
            seen[key, item] = n + 1
            anchor = ("E", section, key, item, n)
            if item not in ("]", "}"):
                result.items.setdefault((section, key), []).append(i)
        if key in section.ident_keys and anchor[0] == "K" and state is None and depth == 0:
            section.ident[key] = _value(code[value_from:].strip())
        if state is not None:
            result.open_end.add(i)
        if comment >= 0:
            result.inline[i] = (comment, line[comment:])
        result.anchors[i] = anchor
        if anchor[0] in ("K", "E", "Z"):
            result.last_of[key_anchor] = i
        section.last = i
        if waiting.blocks:  # they belong here; those a blank line parts from a table's header end the table above
            blocks = waiting.take()
            for block in blocks:
                tail = header is not None and (block is not blocks[-1] or block.blank_after)
                result.blocks.append((block, ("T", result.sections[-2]) if tail else anchor))
        elif waiting.blank or waiting.block is not None:
            waiting.block, waiting.blank = None, False
    result.blocks += [(block, ("END",)) for block in waiting.take()]
    _number(result.sections)
    return result


def _number(sections: list[Section]) -> None:
    """Give each section its stable key: its identity, and its rank among tables of the same identity."""
    count: dict[tuple[object, ...], int] = {}
    for section in sections:
        identity = section.identity()
        count[identity] = count.get(identity, 0) + 1
        section._key = (*identity, count[identity])
        place = (identity[0], section.name)
        section.index = count.get(place, 0)
        count[place] = section.index + 1
