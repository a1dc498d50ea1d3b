"""``amends resources`` and ``amends flows``: the support list and the guided questions.

Neither opens the vault: both print data that ships with amends, for reading
without the app (a screen reader, a script) as much as for checking it. So
``resources`` does not know the region the app remembers (it is sealed in the
vault's preferences record): without ``--region`` it lists every region, and
asking for a passphrase just to sort a public list would be a poor trade.
"""

from __future__ import annotations

import argparse
from typing import Any

from journal.sanitize import terminal_json


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "resources",
        help="support services by region, offline",
        description="Print the support services amends lists: lines for people worried about "
        "their own behaviour, for survivors, in a crisis, and therapist directories, each with "
        "where and when it was checked.",
    )
    p.add_argument("--region", metavar="CODE", help="only this region (e.g. UK, US, AU)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_resources)
    p = sub.add_parser(
        "flows",
        help="the guided flows and their questions",
        description="List every guided flow with its questions, why each is asked, and the "
        "framework it comes from.",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_flows)


def cmd_resources(args: argparse.Namespace, ctx: object) -> int:
    from journal.resources import load_resources

    resources = load_resources()
    regions = resources.ordered()
    if args.region:
        regions = [resources.region(args.region)]
    items = [item for region in regions for item in resources.in_region(region.code)]
    if args.json:
        print(
            terminal_json(
                {
                    "note": resources.note,
                    "confidentiality": resources.confidentiality,
                    "not_covered": resources.not_covered,
                    "regions": [
                        {"code": r.code, "name": r.name, "gaps": r.gaps, "missing": r.missing}
                        for r in regions
                    ],
                    "items": [item.as_dict() for item in items],
                }
            )
        )
        return 0
    print(resources_text(regions=[r.code for r in regions]))
    return 0


def resources_text(regions: list[str] | None = None) -> str:
    """The support list as plain text: the chosen regions (default: all), then the notes."""
    from journal.resources import KINDS, describe_item, load_resources

    resources = load_resources()
    codes = regions or [r.code for r in resources.regions]
    lines: list[str] = []
    for code in codes:
        region = resources.region(code)
        lines += [f"{region.name} ({region.code})", ""]
        for section in resources.sections(code):  # a missing kind is said under its heading
            lines.append(f"  {KINDS[section.kind]}")
            for item in section.items:
                first, *rest = describe_item(item)
                lines.append(f"  - {first}")
                lines += [f"    {line}" for line in rest]
            if section.missing:
                lines.append(f"    Not listed: {section.missing}")
        if region.other:
            lines.append(f"  Not listed: {region.other}")
        lines.append("")
    # Name every region covered, so "only these regions" reads right under one region too.
    covered = ", ".join(r.name for r in resources.regions)
    lines += [resources.confidentiality, "", f"Covered: {covered}. {resources.not_covered}"]
    lines += ["", resources.note]
    return "\n".join(lines)


def cmd_flows(args: argparse.Namespace, ctx: object) -> int:
    from journal.flows import load_flows

    flows = list(load_flows().values())
    if args.json:
        print(
            terminal_json(
                [
                    {
                        "id": flow.id,
                        "kind": flow.kind,
                        "title": flow.title,
                        "intro": flow.intro,
                        "steps": [
                            {"id": s.id, "question": s.question, "why": s.why, "source": s.source}
                            for s in flow.steps
                        ],
                    }
                    for flow in flows
                ]
            )
        )
        return 0
    lines: list[str] = []
    for flow in flows:
        # The id to pass to scripts, and its kind (the Kind filter's) when that differs.
        named = flow.id if flow.id == flow.kind else f"{flow.id}, kind {flow.kind}"
        lines.append(f"{flow.title} ({named})")
        for number, step in enumerate(flow.steps, 1):
            lines.append(f"  {number}. {step.question}")
            lines.append(f"     Why: {step.why} [{step.source}]")
        lines.append("")
    print("\n".join(lines).rstrip())
    return 0
