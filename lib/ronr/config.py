"""Client configuration: ``data/clients/<client>/client.yaml`` read into a validated model.

Every error names the file, the key path (``competitors.0.handles``) and the expected form, so
a strategist can fix a config without reading Python.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import zoneinfo
from pathlib import Path, PureWindowsPath
from typing import Annotated, Literal, get_args

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .errors import CONTENT_LIMIT, ConfigError, quote_content

CHANNELS = ("facebook", "instagram", "x", "linkedin", "tiktok", "youtube", "other")
CHANNEL_ALIASES = {"twitter": "x", "fb": "facebook", "ig": "instagram", "li": "linkedin"}


def _channel_name(value: object) -> object:
    """A channel as users write it (``Twitter``, ``fb``) in its one name (``x``, ``facebook``)."""
    if isinstance(value, str):
        name = value.strip().lower()
        return CHANNEL_ALIASES.get(name, name)
    return value


Channel = Annotated[
    Literal["facebook", "instagram", "x", "linkedin", "tiktok", "youtube", "other"],
    BeforeValidator(_channel_name),
]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROR_COMPONENTS = (
    "advocacy",
    "loyalty",
    "conversation",
    "responsiveness",
    "sentiment",
    "audience_fit",
)
Share = Annotated[float, Field(ge=0, le=1)]


class _Model(BaseModel):
    # allow_inf_nan: YAML's .inf and .nan are no setting ("nan% of the effort")
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _shown(value: object) -> str:
    """A value from the file as a message quotes it: its repr, escaped and cut short."""
    return quote_content(repr(value))


NAME_MAX = 255  # bytes of one file or folder name, on every common file system
_THIS_CLIENT = "\x00"  # the client's folder name when a path is checked (no path holds it)


def _inside_client_folder(path: str, *, what: str) -> str:
    """``path`` (relative to the client's exports/) if it names a file the client may read;
    a ValueError saying why not otherwise.

    Checked on the text, before any file is touched: no control character, not absolute, and
    no ``..`` leading out of the client's folder ``clients/<client>/`` (``../shared/x.csv``
    next to exports/ is fine): not into another client's folder, nor anywhere else in the
    data folder or beyond it, so a client.yaml reads only what its own folder holds. A
    symbolic link is followed as the file system says (whoever made it chose its target).
    """
    if not path.strip():
        raise ValueError(f"{what} is empty; name a file in exports/, e.g. posts.csv")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        raise ValueError(f"{what} {_shown(path)} holds a control character; name a file")
    if os.path.isabs(path) or PureWindowsPath(path).anchor:
        raise ValueError(
            f"{what} {_shown(path)} is absolute; give it relative to the client's exports/ "
            "folder, e.g. posts.csv or sub/posts.csv"
        )
    if any(
        len(part.encode("utf-8", "surrogateescape")) > NAME_MAX for part in re.split(r"[/\\]", path)
    ):
        raise ValueError(
            f"{what} {_shown(path)} has a name longer than {NAME_MAX} bytes, more than a file "
            "system allows"
        )
    own = os.path.join("clients", _THIS_CLIENT)
    where = os.path.normpath(os.path.join(own, "exports", path))  # relative to the data folder
    parts = where.split(os.sep)
    if parts[:2] != ["clients", _THIS_CLIENT]:
        if parts[0] == "..":
            led = "it leads outside the data folder"
        elif parts[0] == "clients":
            led = "into the clients folder or another client's"
        else:
            led = "into the data folder"
        raise ValueError(
            f"{what} {_shown(path)} points outside the client's folder clients/<client>/ "
            f"({led}); an export must be inside it (relative to exports/, e.g. sub/posts.csv "
            "or ../shared/posts.csv)"
        )
    if where in (".", "clients", own, os.path.join(own, "exports")):
        raise ValueError(f"{what} {_shown(path)} names a folder; name a file, e.g. posts.csv")
    return path


class Brand(_Model):
    """A tracked brand: the client's own or a competitor's."""

    name: str = Field(min_length=1, description="Display name, e.g. 'Northbean'.")
    handles: list[str] = Field(
        default_factory=list, description="Social handles, e.g. '@northbean'."
    )
    keywords: list[str] = Field(
        default_factory=list, description="Words that mean the brand in free text."
    )

    @field_validator("handles")
    @classmethod
    def _handles_start_with_at(cls, handles: list[str]) -> list[str]:
        for handle in handles:
            if not re.fullmatch(r"@[\w.]+", handle):
                raise ValueError(f"handle {_shown(handle)} should look like '@name'")
        return handles


class BusinessHours(_Model):
    """When the client's team answers, in its own time zone."""

    timezone: str = Field(default="UTC", description="IANA zone, e.g. 'Europe/London'.")
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"]
    )
    start: dt.time = Field(default=dt.time(9, 0), description="Opening time, 'HH:MM'.")
    end: dt.time = Field(default=dt.time(17, 0), description="Closing time, 'HH:MM'.")
    holidays: list[dt.date] = Field(
        default_factory=list, description="Closed dates, e.g. 2025-12-25 (optional)."
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {_shown(zone)}; use an IANA name like 'Europe/London'"
            ) from exc
        return zone

    @model_validator(mode="after")
    def _end_after_start(self) -> BusinessHours:
        if self.end <= self.start:
            raise ValueError("end must be later than start")
        return self


class Period(_Model):
    """The reporting period, inclusive of both days."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class Responses(_Model):
    target_hours: float = Field(default=2.0, gt=0, description="First-response target, in hours.")


class RuleSettings(_Model):
    """What every recommendation rule accepts (``ronr.recommend.RULES``): a switch.

    A cover applies several rules to one client, each a test of its own; the rules that rest
    on an interval default to 99%, so a client with no signal at all sees a recommendation by
    chance in about 5% of periods at most (Bonferroni over the rules).
    """

    enabled: bool = Field(default=True, description="false leaves the rule off the cover.")


class AnswerThemeSettings(RuleSettings):
    """Answer a FAQ theme the brand answers less often than its other mentions.

    Fires for each theme whose response rate lies below that of the client's other mentions
    needing an answer, Newcombe's interval of the difference wholly above 0 at
    1 − (1 − confidence)/k for the k themes tested (Bonferroni), so a client answering every
    theme alike sees it rarely.
    """

    min_mentions: int = Field(
        default=10, ge=2, description="Mentions needing an answer a theme, and the rest, need."
    )
    confidence: float = Field(
        default=0.99, gt=0, lt=1, description="Of the interval, before widening for k themes."
    )


class StandoutMembersSettings(RuleSettings):
    """Know by name the few members whose love is far above everyone else's.

    A group of the most active members stands out when its least active has ``ratio`` × the
    love of the next member and the gap is ``min_z`` Poisson standard errors or more.
    """

    min_members: int = Field(default=2, ge=1, description="Members the group needs, at least.")
    ratio: float = Field(
        default=2.0, ge=1, description="Least love in the group over the next member's, at least."
    )
    min_z: float = Field(
        default=2.5, ge=0, description="Gap to the next member in Poisson standard errors."
    )


class EffortGapSettings(RuleSettings):
    """Put more effort into a channel where the market lives.

    The gap itself (fit at or above the channels' median, effort below an equal split) is
    ``ronr.channels.effort_gaps``, shared with the channel-mix section so the two agree.
    """


class ClosedDaysSettings(RuleSettings):
    """Answer on closed days: their median first response is over ``ratio`` × business hours'.

    The closed-day median must also exceed ``responses.target_hours``. Source: ronr
    methodology (a weekend backlog shows as a multiple of the weekday response time).
    """

    ratio: float = Field(
        default=2.0,
        ge=1,
        description="Closed-day median over this multiple of business hours' fires.",
    )


class NegativeSpikeSettings(RuleSettings):
    """Keep a disaster plan ready once the period has had ``min_incidents`` severe incidents.

    An incident is neighbouring negative-spike days (``ronr.tweak.group_incidents``); the spike
    rule flags at most about one day a year on noise (``ronr.tweak.detect_spikes``), which the
    report shows. A recommendation needs more: at least ``min_negative`` negative mentions
    over the incident and a day of it above baseline + ``severity`` robust σ. On
    Poisson noise at 0.5 to 100 negative mentions a day, at most 2% of years raise one
    (``ronr.tweak.severe_incidents``).
    """

    min_incidents: int = Field(default=1, ge=1, description="Severe incidents needed, at least.")
    severity: float = Field(
        default=6.0,
        ge=0,
        description="A severe incident's worst day exceeds its baseline by this many robust σ.",
    )
    min_negative: int = Field(
        default=10, ge=1, description="Negative mentions a severe incident needs in all."
    )


class PostTypeSettings(RuleSettings):
    """Make more of the post type that beats the other posts on the same channels.

    The comparison is within channel (``ronr.engagement.compare_within_channel``): the type
    with the largest effect fires when it has ``min_posts`` posts, and the other posts
    ``min_posts``, on the channels compared (default ``ronr.stats.SMALL_SAMPLE``, below which a
    number carries a warning), and its effect's interval lies wholly above 0. The interval is
    at ``confidence`` widened for picking the best of k types, 1 − (1 − confidence)/k
    (Bonferroni), so data with no effect fires rarely.
    """

    min_posts: int = Field(
        default=10, ge=2, description="Posts a type, and the rest, need on the channels compared."
    )
    confidence: float = Field(
        default=0.99,
        gt=0,
        lt=1,
        description="Of the intervals; the best of k types is judged at 1 − (1 − this)/k.",
    )


class FacebookHashtagsSettings(RuleSettings):
    """Drop hashtags on Facebook when the interval of (with − without) lies wholly below 0.

    Source: channel etiquette (hashtags are an X and Instagram habit); the interval is Welch's
    (1947) for the difference of the mean engagement of Facebook posts with and without a
    hashtag (``ronr.engagement.hashtag_effect``). A variance needs two posts on each side,
    hence ``min_posts`` ≥ 2.
    """

    min_posts: int = Field(default=2, ge=2, description="Posts each side needs, with and without.")
    confidence: float = Field(
        default=0.99, gt=0, lt=1, description="Of the Welch interval of the difference."
    )


class RecommendationSettings(_Model):
    """Thresholds of the cover's recommendation rules, one entry per rule key, all optional."""

    answer_theme: AnswerThemeSettings = Field(default_factory=AnswerThemeSettings)
    effort_gap: EffortGapSettings = Field(default_factory=EffortGapSettings)
    closed_days: ClosedDaysSettings = Field(default_factory=ClosedDaysSettings)
    standout_members: StandoutMembersSettings = Field(default_factory=StandoutMembersSettings)
    negative_spike: NegativeSpikeSettings = Field(default_factory=NegativeSpikeSettings)
    post_type: PostTypeSettings = Field(default_factory=PostTypeSettings)
    facebook_hashtags: FacebookHashtagsSettings = Field(default_factory=FacebookHashtagsSettings)


PlanStepName = Literal[
    "acknowledge", "pause_posts", "answer_where_it_started", "follow_up", "review"
]
PLAN_STEP_TEXTS = {
    "acknowledge": "Acknowledge within {hours:g} business {unit}",
    "pause_posts": "Pause scheduled posts",
    "answer_where_it_started": "Answer on the channel where it started",
    "follow_up": "Follow up after the peak",
    "review": "Review what happened",
}
"""How the report names each step of a disaster plan (``label`` overrides it)."""


class PlanStep(_Model):
    """One step of the client's disaster plan for a negative incident.

    The report marks each step done, missed or unknown for every incident from the data
    (``ronr.incidents.plan_checklist``): ``acknowledge`` (the brand's first reply within
    ``within_hours`` business hours of the incident's first negative mention), ``pause_posts``
    (no own post while it lasts), ``answer_where_it_started`` (a reply on the channel of its
    first negative mention), ``follow_up`` (a reply after its peak day) and ``review`` (not in
    the data: always unknown).
    """

    step: PlanStepName
    label: str | None = Field(
        default=None, min_length=1, description="How the report names the step (optional)."
    )
    within_hours: float | None = Field(
        default=None,
        gt=0,
        description="acknowledge only: business hours to the first reply (default 2).",
    )

    @model_validator(mode="after")
    def _hours_for_acknowledge(self) -> PlanStep:
        if self.within_hours is not None and self.step != "acknowledge":
            raise ValueError("within_hours belongs to the acknowledge step only")
        if self.step == "acknowledge" and self.within_hours is None:
            object.__setattr__(self, "within_hours", 2.0)
        return self

    @property
    def text(self) -> str:
        """The step as the report names it."""
        hours = self.within_hours or 0
        unit = "hour" if hours == 1 else "hours"
        return self.label or PLAN_STEP_TEXTS[self.step].format(hours=hours, unit=unit)


def default_disaster_plan() -> list[PlanStep]:
    """The default plan: acknowledge within 2 business hours, pause scheduled posts, answer on
    the channel where it started, follow up after the peak, review."""
    return [PlanStep(step=name) for name in get_args(PlanStepName)]


ActivityKind = Literal["mention", "comment", "reply", "review", "share"]


class Members(_Model):
    """How the relationship's members are counted (``ronr.orbit``, after the Orbit model).

    ``activity_weights`` overrides the weight of each kind of mention in a member's love (the
    rest keep the defaults: share 3, mention 2, review 2, comment 1, reply 1); ``staff`` lists
    handles of the brand's people, left out of the members like the brand's own handles.
    """

    activity_weights: dict[ActivityKind, Annotated[float, Field(ge=0, allow_inf_nan=False)]] = (
        Field(default_factory=dict, description="Weight per kind of mention, e.g. share: 4.")
    )
    staff: list[str] = Field(
        default_factory=list, description="Handles of the brand's staff, e.g. '@anna_at_brand'."
    )

    @field_validator("staff")
    @classmethod
    def _staff_are_handles(cls, handles: list[str]) -> list[str]:
        for handle in handles:
            if not handle.startswith("@") or len(handle) < 2:
                raise ValueError(
                    f"staff handle '{quote_content(handle)}': expected a handle like '@anna'"
                )
        return handles


LEXICON_VALENCE = 4.0  # VADER's lexicon rates words from −4 (most negative) to +4


class SentimentSettings(_Model):
    """How sentiment is read for this client (``ronr.sentiment``).

    ``lexicon_overrides`` gives words of the client's domain their own VADER valence (−4..+4,
    the lexicon's scale: "good" is 1.9, "sick" −2.3): ``sick: 2.5`` for a skate brand whose
    customers say "sick" of what they love. The words are matched as VADER matches its lexicon,
    one word, case aside. ``ronr.labels.propose_overrides`` proposes them from the labels a
    strategist gave; a change of them re-scores every mention (the scores are cached per
    version of the overrides, :func:`ronr.sentiment.overrides_fingerprint`).
    """

    lexicon_overrides: dict[
        str, Annotated[float, Field(ge=-LEXICON_VALENCE, le=LEXICON_VALENCE)]
    ] = Field(default_factory=dict, description="Word -> VADER valence (−4..4), e.g. sick: 2.5.")

    @field_validator("lexicon_overrides")
    @classmethod
    def _single_words(cls, overrides: dict[str, float]) -> dict[str, float]:
        words: dict[str, float] = {}
        for word, valence in overrides.items():
            key = str(word).strip().lower()
            if not key:
                raise ValueError("a word is empty; write the word, e.g. sick: 2.5")
            if any(char.isspace() for char in key):
                raise ValueError(
                    f"{_shown(word)} is more than one word; VADER reads its lexicon word by word, "
                    "so give each word its own entry"
                )
            if key in words:
                raise ValueError(f"{_shown(word)} is given twice (case aside); give it once")
            words[key] = valence
        return words


DateOrder = Literal["day-first", "month-first"]
NumberFormat = Literal["1,234.5", "1.234,5", "1 234,5", "1'234.5"]
DATE_ORDERS = get_args(DateOrder)
NUMBER_FORMATS = get_args(NumberFormat)  # thousands and decimal separators, by example
TableName = Literal["posts", "mentions", "responses", "audience", "followers"]
# the keys of an export entry that only a column map (``table``) reads
MAP_KEYS = ("columns", "date_format", "channel", "brand")


class ExportFile(_Model):
    """One export file: a known format (detected from its header unless named), or any table
    file whose columns ``columns`` maps onto a canonical ``table``.

    ``date_order`` and ``number_format`` override the client's for this file; ``sheet`` names
    the worksheet of a workbook. An entry configures only the file it names: the client's
    other files in exports/ are read all the same, their format detected
    (``ronr.store.export_files``; ``ClientConfig.ignore_exports`` leaves files out).
    """

    path: str
    format: str | None = None
    table: TableName | None = Field(
        default=None, description="Canonical table the file's columns are mapped onto."
    )
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="The file's column -> the canonical column it holds, e.g. num_comments: "
        "comments; the file's other columns keep their names.",
    )
    date_format: str | None = Field(
        default=None, description="How the file writes its times, e.g. '%m/%d/%Y %H:%M'."
    )
    channel: Channel | None = Field(
        default=None, description="The channel of every row, when no column gives it."
    )
    brand: str | None = Field(
        default=None,
        description="The brand of every row, when no column gives it (posts default to the "
        "client's brand).",
    )
    date_order: DateOrder | None = None
    number_format: NumberFormat | None = None
    sheet: str | None = Field(default=None, description="Worksheet of a workbook to read.")

    @field_validator("path")
    @classmethod
    def _path_inside_client_folder(cls, path: str) -> str:
        return _inside_client_folder(path, what="path")

    @field_validator("date_format")
    @classmethod
    def _strptime_format(cls, fmt: str | None) -> str | None:
        if fmt is None:
            return fmt
        # a format that cannot read back what it writes (no directive, or an unknown one)
        # would reject every row of the file; say so here instead
        sample = dt.datetime(2025, 12, 31, 14, 5, 9)
        try:
            readable = "%" in fmt and dt.datetime.strptime(sample.strftime(fmt), fmt) is not None
        except ValueError:
            readable = False
        if not readable:
            raise ValueError(
                f"{_shown(fmt)} is not a date format; write it with strptime codes, e.g. "
                "'%m/%d/%Y %H:%M' for 12/31/2025 14:05 or '%d.%m.%Y' for 31.12.2025"
            )
        return fmt

    @model_validator(mode="after")
    def _column_map(self) -> ExportFile:
        given = [key for key in MAP_KEYS if getattr(self, key) not in (None, {})]
        if self.table is None:
            if given:
                keys = " and ".join([", ".join(given[:-1]), given[-1]] if len(given) > 1 else given)
                raise ValueError(
                    f"{keys} {'describe' if len(given) > 1 else 'describes'} a column map, which "
                    "needs table: one of posts, mentions, responses, audience, followers"
                )
            return self
        if self.format is not None:
            raise ValueError("give format (an export ronr knows) or table (a column map), not both")
        if self.date_format is not None and self.date_order is not None:
            raise ValueError(
                "date_format already says where the day and the month are; leave out date_order"
            )
        # the map's own checks live with the importer that reads it (ronr.ingest.mapped)
        from .ingest.mapped import column_map_problems

        problems = column_map_problems(
            self.table, self.columns, {"channel": self.channel, "brand": self.brand}
        )
        if problems:
            raise ValidationError.from_exception_data(
                "ExportFile",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("column_map", "{message}", {"message": text}),
                        loc=loc,
                        input=self.columns,
                    )
                    for loc, text in problems
                ],
            )
        return self


class ClientConfig(_Model):
    """Everything ronr needs to know about one client besides its data."""

    client: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Folder name of the client.")
    display_name: str = Field(min_length=1)
    brand: Brand
    competitors: list[Brand] = Field(default_factory=list)
    target_market: dict[str, dict[str, Share]] = Field(
        default_factory=dict,
        description="Per dimension (age, gender, country, ...), the share of each bucket.",
    )
    effort: dict[Channel, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Current effort per channel (hours or shares; normalised to shares).",
    )
    responses: Responses = Field(default_factory=Responses)
    recommendations: RecommendationSettings = Field(default_factory=RecommendationSettings)
    members: Members = Field(default_factory=Members)
    sentiment: SentimentSettings = Field(default_factory=SentimentSettings)
    disaster_plan: list[PlanStep] = Field(
        default_factory=default_disaster_plan,
        description="The steps to take on a negative incident, in order; each is checked "
        "against the data in the tweak section.",
    )
    business_hours: BusinessHours = Field(default_factory=BusinessHours)
    period: Period | None = None
    ror_weights: dict[Literal[ROR_COMPONENTS], Annotated[float, Field(ge=0)]] | None = None  # type: ignore[valid-type]
    money_values: dict[str, Annotated[float, Field(ge=0)]] | None = Field(
        default=None, description="Money value of one action (e.g. share: 0.40), in `currency`."
    )
    currency: str = "EUR"
    exports: list[ExportFile] | None = Field(
        default=None,
        description="Settings of the export files they name (format, sheet, date_order, "
        "number_format or a column map); every other file in exports/ is still read, its "
        "format detected from its header.",
    )
    ignore_exports: list[str] = Field(
        default_factory=list,
        description="Files in exports/ not to read, e.g. old.csv (paths relative to exports/).",
    )
    date_order: DateOrder | None = Field(
        default=None,
        description="How the exports write dates that fit both orders (03/04/2025); default: "
        "inferred from the dates. An export's own date_order overrides it.",
    )
    number_format: NumberFormat | None = Field(
        default=None,
        description="How the exports write numbers (thousands and decimal separators); "
        "default: inferred. An export's own number_format overrides it.",
    )

    @field_validator("ignore_exports")
    @classmethod
    def _ignored_inside_client_folder(cls, paths: list[str]) -> list[str]:
        for path in paths:
            _inside_client_folder(path, what="ignored file")
        return paths

    @field_validator("disaster_plan")
    @classmethod
    def _each_step_once(cls, plan: list[PlanStep]) -> list[PlanStep]:
        names = [step.step for step in plan]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"step {', '.join(twice)} is listed twice; give each step once")
        return plan

    @field_validator("target_market")
    @classmethod
    def _shares_sum_to_one(cls, market: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for dimension, buckets in market.items():
            total = sum(buckets.values())
            if buckets and abs(total - 1) > 0.01:
                raise ValueError(
                    f"shares of '{dimension}' add up to {total:.3f}; they should add up to 1"
                )
        # dimensions are matched as the audience exports are read: stripped and lower-cased
        # ("Age" is the export's "age"), so a dimension never silently matches nothing
        keys = [str(dimension).strip().lower() for dimension in market]
        if len(set(keys)) < len(keys):
            raise ValueError(f"dimensions {list(market)} name one dimension twice (case aside)")
        return dict(zip(keys, market.values(), strict=True))

    @model_validator(mode="after")
    def _each_file_once(self) -> ClientConfig:
        # two entries of one file would read it twice; an ignored entry would say two things
        seen: dict[str, str] = {}
        problems: list[tuple[tuple, str]] = []
        for index, entry in enumerate(self.exports or ()):
            name = os.path.normpath(entry.path)
            if name in seen:
                problems.append(
                    (
                        ("exports", index, "path"),
                        f"{_shown(entry.path)} is listed by {seen[name]} already; give a file one "
                        "entry",
                    )
                )
            seen.setdefault(name, f"exports.{index}")
        for index, path in enumerate(self.ignore_exports):
            name = os.path.normpath(path)
            if name in seen:
                problems.append(
                    (
                        ("ignore_exports", index),
                        f"{_shown(path)} is listed by {seen[name]} to be read; remove one of "
                        "the two",
                    )
                )
        if problems:
            raise ValidationError.from_exception_data(
                "ClientConfig",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("export_files", "{message}", {"message": text}),
                        loc=loc,
                        input=None,
                    )
                    for loc, text in problems
                ],
            )
        return self

    @property
    def brands(self) -> list[Brand]:
        """The client's brand first, then the competitors."""
        return [self.brand, *self.competitors]

    @property
    def brand_names(self) -> list[str]:
        return [b.name for b in self.brands]

    @property
    def timezone(self) -> str:
        """The client's time zone (``business_hours.timezone``): days, weeks and months are
        cut in it."""
        return self.business_hours.timezone

    def effort_shares(self) -> dict[str, float]:
        """Effort per channel as shares that add up to 1 (empty when no effort is given)."""
        total = sum(self.effort.values())
        return {ch: v / total for ch, v in self.effort.items()} if total else {}


def _describe_error(error: dict) -> str:
    # the key path and the message may quote the file (a key, a value): escaped and cut short
    path = quote_content(".".join(str(part) for part in error["loc"])) or "(top level)"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key; check its spelling against the documented keys"
    elif error["type"] == "missing":
        message = "required key is missing"
    elif error["type"] == "finite_number":
        message = f"must be a finite number, not {_shown(error.get('input'))}"
    return f"{path}: {quote_content(message, limit=4 * CONTENT_LIMIT)}"


def parse_config(data: dict, *, source: str = "client.yaml") -> ClientConfig:
    """Validate a config mapping.

    Parameters
    ----------
    data
        The parsed YAML mapping.
    source
        The file name used in error messages.

    Raises
    ------
    ConfigError
        Listing every wrong key with its path and the expected form.
    """
    if not isinstance(data, dict):
        raise ConfigError(
            f"{source}: expected a mapping of keys (client, display_name, brand, ...)"
        )
    try:
        return ClientConfig.model_validate(data)
    except ValidationError as exc:
        lines = "\n".join(f"  - {_describe_error(e)}" for e in exc.errors())
        raise ConfigError(f"{source}: invalid client config\n{lines}") from None


MAX_DEPTH = 32
"""How deeply a client.yaml may nest mappings and lists (a real one nests 4 deep)."""


MAX_BYTES = 1_000_000
"""The largest client.yaml read (a real one is a few kilobytes)."""


def _read_text(path: Path) -> str:
    """The text of a client.yaml; a ConfigError in one line when it is no UTF-8 file."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{path}: client config not found (expected a client.yaml)") from None
    except IsADirectoryError:
        raise ConfigError(
            f"{path}: is a folder, not a file; a client's config is the file client.yaml"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(
            f"{path}: larger than {MAX_BYTES:,} bytes; a client config is a few kilobytes"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            guess = " (it looks saved as UTF-16)"
        else:
            guess = " (it looks saved as Latin-1 or Windows-1252)"
        raise ConfigError(
            f"{path}: not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}, column "
            f"{column}{guess}; save the file as UTF-8"
        ) from None


def _yaml_problem(exc: yaml.YAMLError, text: str) -> str:
    """Where and why the YAML parser stopped, in one line that quotes the file safely."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        context = getattr(exc, "context", None)
        if context:
            problem = f"{problem} ({context})"
        return f"line {mark.line + 1}, column {mark.column + 1}: {quote_content(problem)}"
    position = getattr(exc, "position", None)  # a ReaderError: a character YAML refuses
    if isinstance(position, int):
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        character = getattr(exc, "character", "")
        shown = quote_content(character if isinstance(character, str) else chr(character))
        return f"line {line}, column {column}: character '{shown}' is not allowed in YAML"
    return quote_content(" ".join(str(exc).split()))


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, whose values that cannot be built (``2025-02-30``) say where."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            kind = str(node.tag).rsplit(":", 1)[-1]
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid {kind} ({exc})", node.start_mark
            ) from None


def _check_depth(text: str, path: Path) -> None:
    """Refuse YAML nested deeper than :data:`MAX_DEPTH` before building it (the builder
    recurses, so a deep file would stop it with a RecursionError)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise ConfigError(
                    f"{path}: nested more than {MAX_DEPTH} levels deep (at line {line}); a "
                    "client config nests a few levels at most"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_config(path: str | Path) -> ClientConfig:
    """Read and validate a ``client.yaml`` file.

    Raises
    ------
    ConfigError
        The file is missing, a folder, unreadable, not UTF-8, not YAML, nested too deeply, or
        not a valid config; one line says which (a config's wrong keys, one line each).
    """
    path = Path(path)
    text = _read_text(path)
    try:
        _check_depth(text, path)
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML at {_yaml_problem(exc, text)}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to read") from None
    config = parse_config(data, source=str(path))
    _check_links(config, path)
    return config


def _check_links(config: ClientConfig, path: Path) -> None:
    """Refuse an exports entry (or ignored file) that is a loop of symbolic links.

    A link that leads back to itself (``a -> a``, ``a -> b -> a``) is no file: the file
    system refuses to open it, and resolving it raises outside ronr's errors. A loop among
    the files of exports/ that no entry names is skipped as it is no file; one named here
    stops with the key and the name, so the user can remove the link or the entry.

    Raises
    ------
    ConfigError
        Naming ``path``, the key and the entry, in one line.
    """
    exports = path.parent / "exports"
    named = [(f"exports.{i}.path", entry.path) for i, entry in enumerate(config.exports or ())]
    named += [(f"ignore_exports.{i}", name) for i, name in enumerate(config.ignore_exports)]
    for key, name in named:
        try:
            os.stat(exports / name)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                continue  # a missing file is said by the import, naming it
            raise ConfigError(
                f"{path}: {key}: '{quote_content(name)}' is a loop of symbolic links (one that "
                "leads back to itself) in the client's exports/; remove the link or point it "
                "at a file"
            ) from None
