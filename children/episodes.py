"""SSDA903 episodes, derived from the legal status and placement history. Never typed.

A new episode starts whenever the legal status (as the 903 counts it) or the
placement changes within a period of care. The reason for the new episode
(RNE) says what changed:

    S  started to be looked after (first episode of a period of care)
    L  legal status only
    P  placement and carer
    T  placement, same carer
    B  legal status, placement and carer
    U  legal status and placement, same carer

An episode that is followed by another in the same period ends with REC X1
on the day the next starts; the last episode of a period ends with the
period's reason (E11...E17), or stays open.

When the child holds two orders at once (a care order and a placement order)
the episode carries the one that governs: codes.LEGAL_STATUS_PRECEDENCE.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from children import codes
from children.models import LegalStatusRecord, PeriodOfCare, Placement
from core.dates import covers


@dataclass(frozen=True)
class Episode:
    decom: date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str
    dec: date | None
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str
    placement_id: int | None = None


def governing_status(codes_in_force: Iterable[str]) -> str:
    """The legal status the 903 records when several are in force at once."""
    in_force = set(codes_in_force)
    for code in codes.LEGAL_STATUS_PRECEDENCE:
        if code in in_force:
            return code
    return ""


def _same(a: Placement | None, b: Placement | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.pk == b.pk if a.pk is not None else a is b


def _reason_new_episode(*, legal_changed: bool, placement_changed: bool, same_carer: bool) -> str:
    if legal_changed and placement_changed:
        return "U" if same_carer else "B"
    if placement_changed:
        return "T" if same_carer else "P"
    return "L"


def episodes_for_period(
    period: PeriodOfCare,
    legal_statuses: list[LegalStatusRecord],
    placements: list[Placement],
) -> list[Episode]:
    """The episodes of one period of care, in order."""
    limit = period.end_date
    changes = {period.start_date}
    spells: list[tuple[date, date | None]] = [(s.start_date, s.end_date) for s in legal_statuses]
    spells += [(p.start_date, p.end_date) for p in placements]
    for start, end in spells:
        changes.add(start)
        if end is not None:
            changes.add(end)
    points = sorted(d for d in changes if d >= period.start_date and (limit is None or d < limit))

    spans: list[tuple[date, str, Placement | None]] = []
    for on in points:
        status = governing_status(
            s.code for s in legal_statuses if covers(s.start_date, s.end_date, on)
        )
        placement = next((p for p in placements if covers(p.start_date, p.end_date, on)), None)
        if spans and spans[-1][1] == status and _same(spans[-1][2], placement):
            continue
        spans.append((on, status, placement))

    episodes: list[Episode] = []
    for index, (start, status, placement) in enumerate(spans):
        following = spans[index + 1] if index + 1 < len(spans) else None
        if index == 0:
            rne = codes.ReasonNewEpisode.S.value
        else:
            _, previous_status, previous_placement = spans[index - 1]
            rne = _reason_new_episode(
                legal_changed=status != previous_status,
                placement_changed=not _same(previous_placement, placement),
                same_carer=bool(placement and placement.same_carer_as_previous),
            )
        if following is not None:
            dec: date | None = following[0]
            rec = codes.ReasonEpisodeCeased.X1.value
            placement_ends = not _same(placement, following[2])
            reason_place_change = (
                placement.reason_for_change if placement and placement_ends else ""
            )
        else:
            dec = period.end_date
            rec = period.reason_ceased if period.end_date else ""
            reason_place_change = ""
        episodes.append(
            Episode(
                decom=start,
                rne=rne,
                ls=status,
                cin=period.category_of_need,
                place=placement.placement_type if placement else "",
                place_provider=placement.provider if placement else "",
                dec=dec,
                rec=rec,
                reason_place_change=reason_place_change,
                home_post=placement.home_postcode if placement else "",
                pl_post=placement.postcode if placement else "",
                urn=placement.urn if placement else "",
                placement_id=placement.pk if placement else None,
            )
        )
    return episodes


def episodes_for_child(child) -> list[Episode]:
    """All of a child's episodes, across every period of care, oldest first.

    Uses prefetched `periods_of_care`, `legal_statuses` and `placements` when present.
    """
    periods = sorted(child.periods_of_care.all(), key=lambda p: p.start_date)
    statuses = list(child.legal_statuses.all())
    placements = list(child.placements.all())
    result: list[Episode] = []
    for period in periods:
        result += episodes_for_period(
            period,
            [s for s in statuses if s.period_id == period.pk],
            [p for p in placements if p.period_id == period.pk],
        )
    return result
