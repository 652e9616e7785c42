"""The forms for people, conversations, objectives, follow-ups and an objective's events.

Each builds a ``FormScreen`` whose check turns the fields into a new value
(a ``Person``, a ``LogEntry`` …) or says what is wrong, field by field.  The
last check is the trip-file decoder (``trip_edits.check_item``), so a value
a form accepts always saves and loads.  The screens apply the result
through ``tripplan.edit.changes`` (undoable).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from textual.content import Content

from tripplan.edit.changes import check_item, free_id
from tripplan.errors import Problem
from tripplan.time.entry import TimeContext, TimeEntryError
from tripplan.trip.model import Event, FollowUp, LogEntry, Objective, ObjectiveStatus, Person, Role, Trip
from tripplan.tui.daymap import DayMap
from tripplan.tui.markup import m as _m
from tripplan.tui.screens.forms import Checked, Field, FormScreen
from tripplan.tui.text import clock, clock_at, day_at, day_medium

MARKS = {ObjectiveStatus.OPEN: "○", ObjectiveStatus.IN_PROGRESS: "◐", ObjectiveStatus.ACHIEVED: "●",
         ObjectiveStatus.DROPPED: "×"}


def _problems(errors: dict[str, str], problems: list[Problem], fields: set[str], fallback: str) -> None:
    for problem in problems:
        name = problem.path.split("[", 1)[0].split(".", 1)[0]
        errors.setdefault(name if name in fields else fallback, problem.message)


def parse_day(text: str, trip: Trip, today: date) -> date:
    """A day typed in a form: ``2027-03-15``, ``tue``, ``15 mar``, ``day 2``, ``today``, ``tomorrow``."""
    from tripplan.tui.event_fields import all_day_start

    cleaned = text.strip()
    if not cleaned:
        raise ValueError("give a day, e.g. 'fri', '15 mar' or '2027-03-15'")
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        pass
    focus = min(max(today, trip.start), trip.end)
    ctx = TimeContext(trip.start, trip.end, trip.timezone, focus, day_zones=trip.zone_on)
    if cleaned.lower() in ("today", "tomorrow", "yesterday"):
        shift = {"today": 0, "tomorrow": 1, "yesterday": -1}[cleaned.lower()]
        return date.fromordinal(today.toordinal() + shift)
    try:
        return all_day_start(cleaned, ctx)
    except (TimeEntryError, ValueError) as exc:
        reason = getattr(exc, "reason", "") or str(exc)
        raise ValueError(reason.splitlines()[0]) from None


def _required(values: dict[str, Any], name: str, errors: dict[str, str], reason: str) -> str:
    """The field *name* with its spaces squeezed; when that leaves nothing, *reason* is its error."""
    text = " ".join(str(values[name]).split())
    if not text:
        errors[name] = reason
    return text


def _day(values: dict[str, Any], name: str, trip: Trip, today: date, errors: dict[str, str],
         hints: dict[str, str], fallback: date) -> date:
    """The day typed in the field *name*, its weekday and date the hint; else *fallback*, and why as the error."""
    try:
        day = parse_day(values[name], trip, today)
    except ValueError as exc:
        errors[name] = str(exc)
        return fallback
    hints[name] = f"{day:%A} {day.day} {day:%B %Y}"
    return day


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def person_form(trip: Trip, person: Person | None) -> FormScreen[Person]:
    """Add (``person`` None) or edit a person; the id is made from the name and fixed once created.

    Someone other than "me" may travel with the traveller, with a home zone
    of their own (their jet lag is theirs); the rules are ``team_edit.with_roles``.
    """
    new = person is None
    base = person or Person(id="", name="")
    taken = {p.id for p in trip.people}
    fields = [
        Field("name", "Name", value=base.name, placeholder="Ana Ruiz"),
        Field("role", "Role", "select", base.role, options=[(r.value, r) for r in Role]),
        Field("org", "Works at", value=base.org, placeholder="organisation"),
        Field("email", "E-mail", value=base.email, placeholder="needed to send them invites"),
        Field("interests", "Interests", value=", ".join(base.interests), placeholder="jazz, marathon running"),
        Field("met_at", "Met at", value=base.met_at, placeholder="where you met, e.g. Web Summit 2025"),
        Field("notes", "Remember", "text", base.notes),
    ]
    if not base.me:  # the traveller travels, and their home is the trip's
        fields += [
            Field("travels", "", "check", base.travels, placeholder="Travels (a teammate on the trip)"),
            Field("home", "Home zone", value=base.home_tz.key if base.home_tz is not None else "",
                  placeholder=f"a teammate's own, e.g. America/New_York (else {trip.home_timezone.key})"),
        ]

    def check(values: dict[str, Any]) -> Checked[Person]:
        errors: dict[str, str] = {}
        name = _required(values, "name", errors, "give the person's name")
        ident = base.id if not new else free_id(name or "person", taken)
        role = values["role"] if isinstance(values["role"], Role) else Role.COLLEAGUE
        result = Person(id=ident, name=name, email=str(values["email"]).strip(), org=" ".join(values["org"].split()),
                        role=role, interests=_names(values["interests"]), notes=values["notes"].strip(),
                        met_at=" ".join(values["met_at"].split()), log=list(base.log), me=base.me,
                        travels=base.travels, home_tz=base.home_tz)
        hints = {"name": f"id: {ident}"} if new and name else {}
        if not base.me:
            result = _with_team(trip, result, values, errors, hints)
        if not errors:
            _problems(errors, check_item(trip, "people", result), set(values), "name")
        return Checked(result, errors, hints)

    return FormScreen("New person" if new else f"Edit {base.name}", fields, check, ok="Add" if new else "Apply",
                      new=new)


def _with_team(trip: Trip, person: Person, values: dict[str, Any], errors: dict[str, str],
               hints: dict[str, str]) -> Person:
    """*person* with the form's "travels" and "home zone", checked by the trip file's rules."""
    from tripplan.time.zones import zone
    from tripplan.trip.team import TeamError, with_roles
    from tripplan.tui.widgets.zonefield import canonical_zone

    travels = bool(values["travels"])
    text = str(values["home"]).strip()
    home = None
    if text:
        found = canonical_zone(text)
        if found is None:
            errors["home"] = f"{text!r} is not a time zone (an IANA name such as America/New_York)"
            return person
        home = zone(found)
        if home.key == trip.home_timezone.key:
            home = None  # the trip's home: none of their own
    try:
        changed = with_roles(trip, person, travels=travels, home_tz=home)
    except TeamError as error:
        errors["home" if error.code in ("home-not-traveller", "me-home") else "travels"] = str(error)
        return person
    if changed.travels:
        hints["travels"] = "events that list no travellers are theirs too; jet lag from their own home"
    if changed.home_tz is not None:
        hints["home"] = f"their clocks and jet lag: {changed.home_tz.key}"
    return changed


def log_form(trip: Trip, person: Person, today: date) -> FormScreen[LogEntry]:
    """Log a conversation with *person* (a date and what was said)."""
    fields = [
        Field("on", "Date", value=today.isoformat(), placeholder="today, tue, 2027-01-20"),
        Field("text", "What", "text", ""),
    ]

    def check(values: dict[str, Any]) -> Checked[LogEntry]:
        errors: dict[str, str] = {}
        hints: dict[str, str] = {}
        on = _day(values, "on", trip, today, errors, hints, today)
        text = values["text"].strip()
        if not text:
            errors["text"] = "say what you talked about"
        return Checked(LogEntry(on, text), errors, hints)

    return FormScreen(f"Conversation with {person.name}", fields, check, ok="Log", new=True, focus="text")


def objective_form(trip: Trip, objective: Objective | None) -> FormScreen[Objective]:
    """Add or edit an objective: title, status, the people it is about, notes."""
    new = objective is None
    base = objective or Objective(id="", title="")
    taken = {o.id for o in trip.objectives}
    people: list[tuple[str | Content, Any]] = [
        (_m("$n [$text-muted]$r[/]", n=p.name, r=" · ".join(x for x in (p.role.value, p.org) if x)),
         p.id) for p in trip.people]
    fields = [
        Field("title", "Objective", value=base.title, placeholder="Win Ana's trust in the rollout plan"),
        Field("status", "Status", "select", base.status,
              options=[(f"{MARKS[s]} {s.value}", s) for s in ObjectiveStatus]),
        Field("people", "About", "many", list(base.people), placeholder="type to filter people", options=people),
        Field("notes", "Notes", "text", base.notes),
    ]

    def check(values: dict[str, Any]) -> Checked[Objective]:
        errors: dict[str, str] = {}
        title = _required(values, "title", errors, "say what the trip should achieve")
        ident = base.id if not new else free_id(title or "objective", taken)
        status = values["status"] if isinstance(values["status"], ObjectiveStatus) else ObjectiveStatus.OPEN
        result = Objective(id=ident, title=title, status=status, people=list(values["people"]),
                           notes=values["notes"].strip())
        if not errors:
            _problems(errors, check_item(trip, "objectives", result), set(values), "title")
        return Checked(result, errors)

    return FormScreen("New objective" if new else "Edit objective", fields, check,
                      ok="Add" if new else "Apply", new=new)


def followup_form(trip: Trip, followup: FollowUp | None, today: date, *,
                  person: str = "", event: str = "") -> FormScreen[FollowUp]:
    """Add or edit a follow-up: who, what, when it is due, the event it came from."""
    new = followup is None
    due = date.fromordinal(trip.end.toordinal() + trip.targets.followup_days_after)
    base = followup or FollowUp(id="", person=person, what="", due=due, event=event)
    taken = {f.id for f in trip.followups}
    events = [(f"{e.title} · {day_medium(trip.day_of(e.start_utc))}", e.id)
              for e in sorted(trip.events, key=lambda e: e.start_utc)[:500]]
    fields = [
        Field("person", "Who", "select", base.person or None, placeholder="choose a person",
              options=[(p.name, p.id) for p in trip.people]),
        Field("what", "What", value=base.what, placeholder="Send the revised rollout plan"),
        Field("due", "Due", value=base.due.isoformat(), placeholder="2027-03-15, fri, 15 mar"),
        Field("event", "From", "select", base.event or None, placeholder="no event", options=events, blank=True),
        Field("done", "", "check", base.done, placeholder="Done"),
    ]

    def check(values: dict[str, Any]) -> Checked[FollowUp]:
        errors: dict[str, str] = {}
        hints: dict[str, str] = {}
        if not values["person"]:
            errors["person"] = "choose who the follow-up is for"
        what = _required(values, "what", errors, "say what to do")
        when = _day(values, "due", trip, today, errors, hints, base.due)
        ident = base.id if not new else free_id(f"fu-{values['person'] or 'someone'}", taken)
        result = FollowUp(id=ident, person=values["person"] or "", what=what, due=when, done=bool(values["done"]),
                          event=values["event"] or "")
        if not errors:
            _problems(errors, check_item(trip, "followups", result), set(values), "what")
        return Checked(result, errors, hints)

    return FormScreen("New follow-up" if new else "Edit follow-up", fields, check, ok="Add" if new else "Apply",
                      new=new)


def event_label(trip: Trip, daymap: DayMap, event: Event) -> Content:
    """``Tue 9 Mar 19:30  Dinner with the Acme team`` (the first occurrence in the trip)."""
    day = daymap.first_day_of(event.id)
    if day is not None:
        block = next((b for b in daymap.plan(day).blocks if b.event_id == event.id), None)
        time_text = "all day" if block is None else ("00:00" if block.clipped_start else clock(
            block.occurrence.start_utc, daymap.zone(day), tagged=daymap.plan(day).changes))
        text = f"{day_medium(day)} {time_text}"
    else:
        text = f"{day_at(trip, event.start_utc)} {clock_at(trip, event.start_utc)}"
    return _m(f"[$text-muted]$w[/]  [$cat-{event.category.value}]■[/] $t", w=text, t=event.title)


def link_form(trip: Trip, daymap: DayMap, objective: Objective) -> FormScreen[list[str]]:
    """Choose the events that serve *objective* (ticking one linked elsewhere moves it here)."""
    linked = [e.id for e in trip.events if e.objective == objective.id]
    ordered = sorted(trip.events, key=lambda e: (e.start_utc, e.title))
    options: list[tuple[str | Content, Any]] = [(event_label(trip, daymap, e), e.id) for e in ordered]
    fields = [Field("events", "Events", "many", linked, placeholder="type to filter events", options=options)]

    def check(values: dict[str, Any]) -> Checked[list[str]]:
        chosen = list(values["events"])
        moved = [e.title for e in trip.events if e.id in chosen and e.objective not in ("", objective.id)]
        hints = {"events": f"{len(chosen)} linked" + (f"; moves {', '.join(moved[:3])} from another objective"
                                                      if moved else "")}
        return Checked(chosen, {}, hints)

    return FormScreen(f"Events for “{objective.title}”", fields, check, ok="Link")


def now_date(clock_value: datetime, trip: Trip) -> date:
    """Today where the traveller is (in the zone of the stop they are at)."""
    return trip.day_of(clock_value)
