"""The story of one demo provider: what happens to them over the years, told oldest first.

A ``Profile`` says what should happen; this module dates it and tells it through the other modules: the
states' license uploads, registration, privilege purchases around the home license's renewal, then the
later events (corrections, staff actions, moves) at increasing moments up to yesterday. Every draw comes
from the provider's own ``Random`` in a fixed order, so a seed always tells the same stories.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from core.compacts import LicenseType
from core.models.enums import AdverseActionAgainst, MilitaryAffiliationType, MilitaryStatus
from ops.demo_data.adverse_actions import close_investigation, encumber, lift, open_investigation
from ops.demo_data.history import History, RecordKey
from ops.demo_data.military import audit_military, declare_military, end_military
from ops.demo_data.people import identity
from ops.demo_data.practitioner import change_email, move_away, register
from ops.demo_data.privileges import buy, deactivate_privilege, privilege_jurisdictions
from ops.demo_data.profiles import Profile
from ops.demo_data.state_uploads import (
    LICENSE_STATUS_NAMES,
    correct_license,
    deactivate_license,
    new_license,
    upload_inactive,
)
from ops.demo_data.timeline import CYCLE, day_of

RENEWING_PLANS = frozenset({"renewed", "renewedAfterLapse", "expired"})
"""Plans whose privilege is bought before the home license's renewal (so it ends with the old cycle
unless renewed)."""

Event = Callable[[datetime], object]
"""A later event: what happens at the moment it is given."""

T = TypeVar("T")


def simulate(history: History, profile: Profile) -> None:
    """Replay one provider's life: uploads, registration, purchases, renewals, then later events."""
    rng, compact = history.rng, history.compact
    home = rng.choice(compact.active)  # drawn even when the profile says: the rest of the story stays
    if profile.home in compact.active:
        home = profile.home
    license_type = rng.choice(compact.license_types)
    person = identity(rng)
    renewal_in_window = _settle_plans(profile, rng)
    dates = _home_license_dates(history, profile.license_kind, renewal_in_window)
    story = _Story(history, profile, person, home, license_type, dates)
    story.upload_licenses()
    if profile.registered:
        story.registration()
        story.purchases()
    elif dates.renewed_on is not None:
        story.unregistered_renewal()
    if profile.license_kind == "expired" and rng.random() < 0.6:
        story.lapse()
    story.replay(story.later_events())
    history.mirror_best_license_today()


def _settle_plans(profile: Profile, rng: random.Random) -> bool:
    """Whether the home license is renewed within the story. Only an active license has plans that need
    the renewal (others fall back to ``active``), and an ineligible one has no privileges at all."""
    kind = profile.license_kind
    renewal_in_window = kind in ("active", "ineligible", "deactivated") and (
        any(plan in RENEWING_PLANS for plan in profile.plans) or rng.random() < 0.3
    )
    if kind != "active":
        profile.plans = [plan if plan not in RENEWING_PLANS else "active" for plan in profile.plans]
    if kind == "ineligible":
        profile.plans = []
    return renewal_in_window


@dataclass(frozen=True)
class _HomeLicenseDates:
    """The home license's dates: the cycle it was in at first upload, and its renewal if one came later."""

    first_upload: date
    issued: date
    last_renewal: date | None  # before the first upload
    first_expiration: date  # as first uploaded
    expires: date  # after the renewal in the story, if any
    previous_expiration: date | None  # with the renewal in the story: the expiration it replaced
    renewed_on: date | None
    birth: date


def _home_license_dates(history: History, kind: str, renewal_in_window: bool) -> _HomeLicenseDates:
    """Dates that fit the license kind: an expired license lapsed within the last year or so, a renewed
    one was renewed in the last months, any other runs for up to two more years."""
    rng, timeline = history.rng, history.timeline
    previous_expiration: date | None = None
    renewed_on: date | None = None
    if kind == "expired":
        expires = timeline.ago(rng.randint(20, 400))
        first_upload = expires - timedelta(days=rng.randint(60, 700))
    elif renewal_in_window:
        previous_expiration = timeline.ago(rng.randint(40, 300))
        expires = previous_expiration + CYCLE
        renewed_on = previous_expiration - timedelta(days=rng.randint(0, 40))
        first_upload = renewed_on - timedelta(days=rng.randint(150, 420))
    else:
        expires = timeline.ago(-rng.randint(30, 600))
        first_upload = timeline.ago(rng.randint(60, min(700, (CYCLE - (expires - history.today)).days - 1)))
    cycle_start = (previous_expiration or expires) - CYCLE
    cycles = rng.randint(0, 8)
    issued = cycle_start - CYCLE * cycles
    return _HomeLicenseDates(
        first_upload=first_upload,
        issued=issued,
        last_renewal=cycle_start if cycles else None,
        first_expiration=previous_expiration or expires,
        expires=expires,
        previous_expiration=previous_expiration,
        renewed_on=renewed_on,
        birth=issued - timedelta(days=rng.randint(23 * 365, 45 * 365)),
    )


@dataclass
class _Story:
    """One provider's story as it is told: who they are, their home license, and the moment reached."""

    history: History
    profile: Profile
    person: dict[str, Any]
    home: str
    license_type: LicenseType
    dates: _HomeLicenseDates
    now: datetime = field(init=False)
    privilege_keys: list[tuple[str, RecordKey]] = field(default_factory=list)  # (plan, privilege)

    @property
    def home_key(self) -> RecordKey:
        return (self.home, self.license_type.abbreviation)

    # -- the early years, step by step

    def upload_licenses(self) -> None:
        """The home license's first upload, and any second license the same day."""
        history, dates, rng = self.history, self.dates, self.history.rng
        home_license = new_license(
            history, self.person, self.home, self.license_type,
            issued=dates.issued, renewed=dates.last_renewal, expires=dates.first_expiration,
            birth=dates.birth, status="active", eligible=self.profile.license_kind != "ineligible",
        )  # fmt: skip
        self.now = history.timeline.moment(dates.first_upload)
        history.upload_license(self.now, home_license)
        if self.profile.second_license == "otherType":
            other_type = next(lt for lt in history.compact.license_types if lt != self.license_type)
            self._upload_other_license(
                self.home, other_type, history.timeline.ago(-rng.randint(60, 700)), most_cycles=5
            )
        elif self.profile.second_license == "formerState":
            former = rng.choice([code for code in history.compact.active if code != self.home] or [self.home])
            if former != self.home:
                expires = dates.issued - timedelta(days=rng.randint(30, 900))
                self._upload_other_license(former, self.license_type, expires, most_cycles=4, active=False)

    def _upload_other_license(
        self,
        jurisdiction: str,
        license_type: LicenseType,
        expires: date,
        most_cycles: int,
        active: bool = True,
    ) -> None:
        """A license besides the home one: current (another type) or long lapsed (a former state's)."""
        history = self.history
        self.now = history.timeline.after(self.now, self.dates.first_upload)
        history.upload_license(
            self.now,
            new_license(
                history, self.person, jurisdiction, license_type,
                issued=expires - CYCLE * history.rng.randint(1, most_cycles), renewed=expires - CYCLE,
                expires=expires, birth=self.dates.birth, status="active" if active else "inactive",
                eligible=active,
            ),
        )  # fmt: skip

    def registration(self) -> None:
        """Registration within a month of the first upload; a military declaration within days of it."""
        history, rng = self.history, self.history.rng
        registered_on = self.dates.first_upload + timedelta(days=rng.randint(2, 30))
        self.now = history.timeline.after(self.now, registered_on)
        register(history, self.now, self.person, self.home)
        if self.profile.military is not None:
            affiliation = rng.choice(list(MilitaryAffiliationType))
            self.now = history.timeline.after(self.now, day_of(self.now) + timedelta(days=rng.randint(0, 5)))
            declare_military(history, self.now, affiliation)

    def purchases(self) -> None:
        """Privileges bought before the home license's renewal expire with the old cycle unless renewed;
        the others are bought after it (or, for an expired license, before it expired)."""
        history, dates, today = self.history, self.dates, self.history.today
        jurisdictions = privilege_jurisdictions(
            history.rng, history.compact, len(self.profile.plans), {self.home}
        )
        plans = list(zip(self.profile.plans, jurisdictions, strict=False))
        self.privilege_keys = [(plan, (code, self.license_type.abbreviation)) for plan, code in plans]
        early = [code for plan, code in plans if plan in RENEWING_PLANS]
        late = [code for plan, code in plans if plan not in RENEWING_PLANS]
        if early and dates.renewed_on is not None:
            self._buy_by(dates.renewed_on - timedelta(days=5), early)
        if dates.renewed_on is not None:
            self.now = history.timeline.later(self.now, dates.renewed_on)
            self.renew_home_license(license_status_name=history.rng.choice(LICENSE_STATUS_NAMES["active"]))
            for plan, code in plans:
                day = self._privilege_renewal_day(plan)
                if day is not None:
                    self.now = history.timeline.later(self.now, day)
                    buy(history, self.now, [code])
        if late:
            expired = self.profile.license_kind == "expired"
            self._buy_by(dates.expires - timedelta(days=5) if expired else today - timedelta(days=15), late)

    def _buy_by(self, last_day: date, jurisdictions: list[str]) -> None:
        """One purchase on a day from the day after ``now`` up to ``last_day``."""
        timeline = self.history.timeline
        self.now = timeline.after(
            self.now, timeline.days_between(day_of(self.now) + timedelta(days=1), last_day)
        )
        buy(self.history, self.now, jurisdictions)

    def _privilege_renewal_day(self, plan: str) -> date | None:
        """When a privilege bought before the license's renewal is renewed: before its expiration, a little
        after it (a lapse), or never."""
        timeline, previous_expiration = self.history.timeline, self.dates.previous_expiration
        assert previous_expiration is not None
        if plan == "renewed":
            return timeline.days_between(day_of(self.now), previous_expiration)
        if plan == "renewedAfterLapse":
            first = previous_expiration + timedelta(days=3)
            return timeline.days_between(first, min(timeline.ago(10), first + timedelta(days=45)))
        return None

    def unregistered_renewal(self) -> None:
        """The home license's renewal, for a provider who buys no privileges."""
        assert self.dates.renewed_on is not None
        self.now = self.history.timeline.after(self.now, self.dates.renewed_on)
        self.renew_home_license()

    def renew_home_license(self, **changes: Any) -> None:
        """The state uploads the home license renewed, at ``now``."""
        self.history.reupload(
            self.now,
            self.home_key,
            date_of_renewal=self.dates.renewed_on,
            date_of_expiration=self.dates.expires,
            **changes,
        )

    def lapse(self) -> None:
        """The state's next upload after the expiration marks the license inactive."""
        timeline, expires = self.history.timeline, self.dates.expires
        day = timeline.days_between(
            expires + timedelta(days=1), min(expires + timedelta(days=30), timeline.ago(5))
        )
        self.now = timeline.later(self.now, day)
        upload_inactive(self.history, self.now, self.home_key, "expired")

    # -- later events

    def later_events(self) -> list[Event]:
        """What happens after the purchases, in this order."""
        return [
            *self._personal_events(),
            *self._privilege_events(),
            *self._disciplinary_events(),
            *self._departure_events(),
        ]

    def replay(self, events: list[Event]) -> None:
        """Each event at its own moment, in order, from ``now`` up to yesterday."""
        moments = self.history.timeline.moments_between(self.now, len(events))
        for moment, event in zip(moments, events, strict=True):
            event(moment)

    def _personal_events(self) -> list[Event]:
        """A corrected license, a new login email, the military affiliation's audit or end."""
        history, profile = self.history, self.profile
        events: list[Event] = []
        if profile.correction is not None:
            events.append(partial(correct_license, history, key=self.home_key, what=profile.correction))
        if profile.registered and profile.email_change:
            events.append(partial(change_email, history, person=self.person))
        if profile.registered and profile.military in (MilitaryStatus.APPROVED, MilitaryStatus.DECLINED):
            events.append(partial(audit_military, history, status=MilitaryStatus(profile.military)))
        elif profile.registered and profile.military == "ended":
            events.append(partial(end_military, history))
        return events

    def _privilege_events(self) -> list[Event]:
        """Administrators deactivate privileges; staff encumber them (and lift some encumbrances)."""
        history = self.history
        events: list[Event] = []
        for plan, key in self.privilege_keys:
            if key not in history.privileges:
                continue
            if plan == "deactivated":
                events.append(partial(deactivate_privilege, history, key=key))
            elif plan in ("encumbered", "lifted"):
                events += _then(
                    partial(encumber, history, against=AdverseActionAgainst.PRIVILEGE, key=key),
                    partial(lift, history),
                    plan == "lifted",
                )
        return events

    def _disciplinary_events(self) -> list[Event]:
        """An encumbrance on the home license; an investigation of an active privilege (or the license)."""
        history, profile = self.history, self.profile
        events: list[Event] = []
        if profile.license_encumbered:
            events.append(partial(encumber, history, against=AdverseActionAgainst.LICENSE, key=self.home_key))
        if profile.investigation is not None:
            active = [
                key for plan, key in self.privilege_keys if plan == "active" and key in history.privileges
            ]
            against = (
                AdverseActionAgainst.PRIVILEGE
                if active and profile.investigation != "openLicense"
                else AdverseActionAgainst.LICENSE
            )
            target = active[0] if against == AdverseActionAgainst.PRIVILEGE else self.home_key
            with_encumbrance = profile.investigation == "closedWithEncumbrance"
            events += _then(
                partial(open_investigation, history, against=against, key=target),
                partial(close_investigation, history, with_encumbrance=with_encumbrance),
                profile.investigation.startswith("closed"),
            )
        return events

    def _departure_events(self) -> list[Event]:
        """The state deactivates the home license; the practitioner moves out of the compact."""
        events: list[Event] = []
        if self.profile.license_kind == "deactivated":
            events.append(partial(deactivate_license, self.history, key=self.home_key))
        if self.profile.moved_away and self.profile.registered:
            events.append(partial(move_away, self.history))
        return events


def _then(first: Callable[[datetime], T], then: Callable[[datetime, T], object], both: bool) -> list[Event]:
    """``first``, and when ``both`` a later ``then`` on what ``first`` made (an encumbrance to lift, an
    investigation to close)."""
    made: list[T] = []
    events: list[Event] = [lambda at: made.append(first(at))]
    if both:
        events.append(lambda at: then(at, made[0]))
    return events
