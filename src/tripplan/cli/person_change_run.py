"""``tripplan person edit`` and ``person rm``: change a person's details, or take them out of the trip.

``person edit`` changes what is given (name, e-mail, organisation, role,
interests, notes); who is "me" and who travels stay ``person set``'s.
``person rm`` takes the person off every event and objective and deletes
their follow-ups, as the app's delete does (``tripplan.edit.changes``).  Both
print what changes, take ``--dry-run`` and ``--json``, and save validated and
atomically under the trip's lock (``tripplan.cli.saving.writes_trip``).
"""

from __future__ import annotations

import argparse

from tripplan.cli.saving import writes_trip


def _person_fields(person: object) -> dict[str, tuple[str, object]]:
    from tripplan.trip.model import Person

    assert isinstance(person, Person)
    return {
        "name": (person.name, person.name),
        "email": (person.email or "—", person.email),
        "org": (person.org or "—", person.org),
        "role": (person.role.value, person.role.value),
        "interests": (", ".join(person.interests) or "—", list(person.interests)),
        "notes": (" ".join(person.notes.split()) or "—", person.notes),
        "me": ("yes" if person.me else "no", person.me),
        "travels": ("yes" if person.travels else "no", person.travels),
        "home": (person.home_tz.key if person.home_tz else "the trip's", person.home_tz.key if person.home_tz else ""),
    }


@writes_trip(lambda args: not args.dry_run)
def cmd_person_edit(args: argparse.Namespace) -> int:
    """``tripplan person edit FILE ID [--name …] [--email …] [--org …] [--role …] [--interests …] [--notes …]``."""
    from dataclasses import replace
    from pathlib import Path

    from tripplan.cli.change_report import Report, finish
    from tripplan.cli.option_values import person_of
    from tripplan.edit.changes import check_item
    from tripplan.errors import InputError
    from tripplan.files.storage import read_trip
    from tripplan.trip.model import Role
    from tripplan.visible import visible

    given = {k: getattr(args, k) for k in ("name", "email", "org", "role", "interests", "notes", "me", "travels",
                                           "home_tz")}
    if all(v is None for v in given.values()) and not args.no_home_tz:
        raise InputError("say what to change: --name, --email, --org, --role, --interests, --notes, --me, "
                         "--not-me, --travels, --no-travels, --home-tz or --no-home-tz")
    path = Path(args.file)
    trip, stamp = read_trip(path)
    person = person_of(trip, args.id)
    new = person
    if args.name is not None:
        name = " ".join(args.name.split())
        if not name:
            raise InputError("--name must not be empty")
        new = replace(new, name=name)
    if args.email is not None:
        new = replace(new, email=args.email.strip())
    if args.org is not None:
        new = replace(new, org=args.org.strip())
    if args.role is not None:
        new = replace(new, role=Role(args.role))
    if args.interests is not None:
        new = replace(new, interests=[i.strip() for i in args.interests.split(",") if i.strip()])
    if args.notes is not None:
        new = replace(new, notes=args.notes)
    if args.me is not None or args.travels is not None or args.home_tz or args.no_home_tz:
        from tripplan.cli.option_values import zone_arg
        from tripplan.cli.team_run import team_error
        from tripplan.trip.team import KEEP, TeamError, with_roles

        home = None if args.no_home_tz else (zone_arg(args.home_tz, "--home-tz") if args.home_tz else KEEP)
        try:
            new = with_roles(trip, new, me=args.me, travels=args.travels, home_tz=home)
        except TeamError as exc:
            raise team_error(exc, args.file, person, adding=False) from None
    problems = check_item(trip, "people", new)
    if problems:
        raise InputError("; ".join(f"--{p.path.split('.')[0].split('[')[0]}: {p.message}" if p.path else p.message
                                   for p in problems))
    report = Report(str(path), args.dry_run)
    old_f, new_f = _person_fields(person), _person_fields(new)
    diffs = [(k, old_f[k], new_f[k]) for k in old_f if old_f[k][1] != new_f[k][1]]
    if diffs:
        report.changed.append({"person": person.id, "name": new.name,
                               "fields": {k: {"before": b[1], "after": a[1]} for k, b, a in diffs}})
        report.lines.append(f"{report.verb('Changed', 'Would change')}: {visible(person.name)} ({person.id})")
        report.lines += [f"  {k}: {visible(str(b[0]))} → {visible(str(a[0]))}" for k, b, a in diffs]
        trip.people[trip.people.index(person)] = new
    return finish(report, trip, path, stamp, args.json)


@writes_trip(lambda args: not args.dry_run)
def cmd_person_rm(args: argparse.Namespace) -> int:
    """``tripplan person rm FILE ID [--yes] [--dry-run] [--json]``."""
    from pathlib import Path

    from tripplan.cli.change_report import Report, ask, finish, interactive
    from tripplan.cli.option_values import person_of
    from tripplan.edit.changes import delete_person, person_links
    from tripplan.edit.session import EditSession
    from tripplan.errors import InputError
    from tripplan.files.storage import read_trip
    from tripplan.visible import visible

    path = Path(args.file)
    trip, stamp = read_trip(path)
    person = person_of(trip, args.id)
    links = person_links(trip, person.id)
    what = f"{visible(person.name)} ({person.id})"
    if not args.yes and not args.dry_run:
        if not interactive():
            raise InputError(f"remove {what}? add --yes to confirm (or --dry-run to see what would change)")
        if ask(f"Remove {what}? [y]es/[n]o ", {"y": "yes", "n": "no"}) != "yes":
            raise InputError("cancelled; nothing changed")
    report = Report(str(path), args.dry_run)
    report.removed.append({"person": person.id, "name": person.name,
                           "events": [e.id for e in links.events],
                           "objectives": [o.id for o in links.objectives],
                           "followups": [f.id for f in links.followups]})
    report.lines.append(f"{report.verb('Removed', 'Would remove')}: {what}")
    for e in links.events:
        report.lines.append(f"  taken off “{visible(e.title)}”")
    for o in links.objectives:
        report.lines.append(f"  taken off objective “{visible(o.title)}” ({o.id})")
    for f in links.followups:
        report.lines.append(f"  follow-up “{visible(f.what)}” ({f.id}) deleted")
    if person.me:
        report.notes.append("the trip now names nobody as you; mark someone with 'tripplan person set … --me'")
    delete_person(EditSession(trip, path, stamp), person.id)
    return finish(report, trip, path, stamp, args.json)
