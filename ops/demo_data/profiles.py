"""Which case each demo provider plays, and what each case means for their story.

A case ("encumberedPrivilege", "militaryAffiliation", ...) is a name for a situation the API must show; a
``Profile`` is what happens to one provider to put them in it. The first providers of each compact play
every case once (the showcase), the rest are a weighted mix with a little variety on top.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from core.models.enums import MilitaryStatus
from ops.demo_data.compacts import Compact
from ops.demo_data.state_uploads import CORRECTIONS

SHOWCASE = (
    "activePrivileges",
    "unregistered",
    "ineligibleLicense",
    "expiredLicense",
    "deactivatedLicense",
    "deactivatedPrivilege",
    "encumberedPrivilege",
    "liftedEncumbrance",
    "encumberedLicense",
    "renewedPrivilege",
    "renewedAfterLapse",
    "expiredPrivilege",
    "openInvestigation",
    "closedInvestigation",
    "militaryAffiliation",
    "movedAway",
    "multipleLicenses",
    "licenseCorrection",
)
"""The first providers of each compact play these in turn, so every case exists even in a small seed;
their ids are the summary's samples. The rest draw a case by ``MIX`` weight."""

MIX = {
    "unregistered": 30,
    "activePrivileges": 30,
    "ineligibleLicense": 5,
    "expiredLicense": 6,
    "deactivatedLicense": 2,
    "deactivatedPrivilege": 3,
    "encumberedPrivilege": 2,
    "liftedEncumbrance": 2,
    "encumberedLicense": 1,
    "renewedPrivilege": 6,
    "renewedAfterLapse": 2,
    "expiredPrivilege": 4,
    "openInvestigation": 2,
    "closedInvestigation": 2,
    "militaryAffiliation": 3,
    "movedAway": 1,
    "multipleLicenses": 4,
    "licenseCorrection": 4,
}


@dataclass(frozen=True)
class Slot:
    """The n-th provider of the seed: its compact, its number within the compact and its case."""

    index: int
    compact: Compact
    number: int
    case: str
    showcase: bool


def slots(compacts: list[Compact], providers: int, seed: int) -> list[Slot]:
    """Providers dealt round the compacts in turn, each with its case."""
    cases, weights = list(MIX), list(MIX.values())
    dealt = []
    for index in range(providers):
        compact = compacts[index % len(compacts)]
        number = index // len(compacts)
        showcase = number < len(SHOWCASE)
        case = (
            SHOWCASE[number] if showcase else random.Random(f"{seed}/case/{index}").choices(cases, weights)[0]
        )
        dealt.append(Slot(index, compact, number, case, showcase))
    return dealt


@dataclass
class Profile:
    """What happens to one provider."""

    registered: bool = True
    license_kind: str = "active"  # active | ineligible | expired | deactivated
    # One plan per privilege: active | deactivated | encumbered | lifted | renewed | renewedAfterLapse |
    # expired (bought before the home license's renewal and left to lapse with the old cycle).
    plans: list[str] = field(default_factory=list)
    license_encumbered: bool = False
    investigation: str | None = None  # openPrivilege | openLicense | closed | closedWithEncumbrance
    military: MilitaryStatus | str | None = None  # tentative | approved | declined | "ended"
    moved_away: bool = False
    second_license: str | None = None  # otherType | formerState
    correction: str | None = None  # one of CORRECTIONS
    email_change: bool = False
    home: str | None = None  # where the home license is; drawn from the compact's members when None


STAFF_HOME = "oh"
"""Where the showcase's staff cases live: the sandbox's state personas administer Ohio (and Kentucky),
so Ohio's admin can lift the showcase's license encumbrance, close its investigation or place new ones,
and the compact admin deactivate and audit, on records the seed made."""
STAFF_CASES = frozenset({"activePrivileges", "encumberedLicense", "openInvestigation", "closedInvestigation"})


def profile_for(case: str, rng: random.Random, compact: Compact, showcase: bool) -> Profile:
    """The profile of a case: the showcase version is the full one, the crowd's vary."""

    def some(*plans: str) -> list[str]:
        return list(plans) if showcase else list(plans[: rng.choice((1, 1, 2))])

    profiles: dict[str, Callable[[], Profile]] = {
        "activePrivileges": lambda: Profile(
            plans=["active"] * (2 if showcase else rng.choice((0, 1, 1, 2, 2, 3)))
        ),
        "unregistered": lambda: Profile(registered=False),
        "ineligibleLicense": lambda: Profile(registered=rng.random() < 0.4, license_kind="ineligible"),
        "expiredLicense": lambda: Profile(license_kind="expired", plans=some("active", "active")),
        "deactivatedLicense": lambda: Profile(license_kind="deactivated", plans=some("active", "active")),
        "deactivatedPrivilege": lambda: Profile(plans=some("deactivated", "active")),
        "encumberedPrivilege": lambda: Profile(plans=some("encumbered", "active")),
        "liftedEncumbrance": lambda: Profile(plans=some("lifted", "active")),
        "encumberedLicense": lambda: Profile(plans=some("active", "active"), license_encumbered=True),
        "renewedPrivilege": lambda: Profile(plans=some("renewed", "active")),
        "renewedAfterLapse": lambda: Profile(plans=["renewedAfterLapse"]),
        "expiredPrivilege": lambda: Profile(plans=["expired", "active"]),
        "openInvestigation": lambda: Profile(
            plans=["active"],
            investigation="openPrivilege" if showcase or rng.random() < 0.6 else "openLicense",
        ),
        "closedInvestigation": lambda: Profile(
            plans=["active"],
            investigation="closed" if showcase or rng.random() < 0.6 else "closedWithEncumbrance",
        ),
        "militaryAffiliation": lambda: Profile(
            plans=["active"],
            military=MilitaryStatus.APPROVED
            if showcase
            else rng.choice(
                (MilitaryStatus.TENTATIVE, MilitaryStatus.APPROVED, MilitaryStatus.DECLINED, "ended")
            ),
        ),
        "movedAway": lambda: Profile(plans=some("active", "active"), moved_away=True),
        "multipleLicenses": lambda: Profile(
            plans=["active"],
            second_license="otherType"
            if len(compact.license_types) > 1 and rng.random() < 0.6
            else "formerState",
        ),
        "licenseCorrection": lambda: Profile(
            registered=rng.random() < 0.5, correction=rng.choice(CORRECTIONS)
        ),
    }
    profile = profiles[case]()
    if not showcase:
        _add_variety(profile, rng)
    elif case in STAFF_CASES:
        profile.home = STAFF_HOME
    return profile


def _add_variety(profile: Profile, rng: random.Random) -> None:
    """Extras that make the crowd less uniform than the showcase."""
    if profile.correction is None and rng.random() < 0.1:
        profile.correction = rng.choice(CORRECTIONS)
    if profile.registered and rng.random() < 0.08:
        profile.email_change = True
    if profile.second_license is None and rng.random() < 0.05:
        profile.second_license = "formerState"
    if (
        profile.registered
        and profile.military is None
        and profile.license_kind == "active"
        and rng.random() < 0.03
    ):
        profile.military = rng.choice((MilitaryStatus.TENTATIVE, MilitaryStatus.APPROVED))
