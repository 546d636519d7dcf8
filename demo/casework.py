"""Demo convictions and youth cautions (SSDA903 OC2 CONVICTED): about 3 in 100 children
in care aged 10 to 17 are convicted or given a youth caution or youth conditional caution
in a year (the DfE's Children looked after in England statistics put it at 2 to 3%).

Called once from demo.builder.build_demo, after the health records; its own random stream,
so the rest of the demo is the same with or without it.
"""

import random
from datetime import date, timedelta

from care_leavers.categories import birthday
from casework.models import YouthJusticeOutcome, YouthJusticeOutcomeKind
from children.models import Child, PeriodOfCare
from demo import bulk

SHARE_A_YEAR = 0.03
KINDS = [
    YouthJusticeOutcomeKind.CONVICTION,
    YouthJusticeOutcomeKind.YOUTH_CAUTION,
    YouthJusticeOutcomeKind.YOUTH_CONDITIONAL_CAUTION,
]
KIND_WEIGHTS = [2, 2, 1]


def write_youth_justice(children: list[Child], *, seed: int, today: date) -> None:
    rng = random.Random(f"youth-justice-{seed}")
    ids = [c.pk for c in children]
    born = dict(Child.objects.filter(pk__in=ids).values_list("pk", "date_of_birth"))
    outcomes: list[YouthJusticeOutcome] = []
    seen: set[tuple[int, date]] = set()
    for child_id, start, end in (
        PeriodOfCare.objects.filter(child_id__in=ids)
        .order_by("child_id", "start_date")
        .values_list("child_id", "start_date", "end_date")
    ):
        dob = born[child_id]
        # Each year in care from the 10th birthday to the 18th, up to today.
        first = max(start, birthday(dob, 10))
        last = min(end or today, birthday(dob, 18) - timedelta(days=1), today)
        day = first
        while day <= last:
            span = min((last - day).days, 364)
            if rng.random() < SHARE_A_YEAR:
                on = day + timedelta(days=rng.randint(0, span))
                if (child_id, on) not in seen:
                    seen.add((child_id, on))
                    outcomes.append(
                        YouthJusticeOutcome(
                            child_id=child_id,
                            outcome_on=on,
                            outcome=rng.choices(KINDS, KIND_WEIGHTS)[0],
                        )
                    )
            day += timedelta(days=365)
    bulk.bulk_create_with_history(outcomes, YouthJusticeOutcome)
