"""The generator's model of each platform: reach, engagement, hashtags and demographics.

These are assumptions of the generator, shared by every demo client; what differs between
clients is in their spec (``specs/<client>.yaml``).
"""

from __future__ import annotations

__all__ = [
    "AGE_BUCKETS",
    "CHANNELS",
    "CHANNELS_WITH_SAVES",
    "DIMENSION_BUCKETS",
    "ENGAGEMENT_RATE",
    "ENGAGEMENT_SPLIT",
    "GENDER_BUCKETS",
    "HASHTAG_SHARE",
    "JOB_FUNCTIONS",
    "PLATFORM_AGE",
    "PLATFORM_GENDER",
    "PLATFORM_INTERNATIONAL",
    "PLATFORM_JOB",
    "PLATFORM_SENIORITY",
    "POST_HOURS",
    "REACH_RATE",
    "SENIORITY",
    "VIDEO_TYPES",
]

VIDEO_TYPES = ("video", "reel")

# Per channel: reach per follower, engagements per reach, split of engagements into
# likes/comments/shares, share of posts with hashtags (client; competitors on facebook: 15%).
REACH_RATE = {
    "facebook": 0.09,
    "instagram": 0.22,
    "x": 0.12,
    "tiktok": 0.9,
    "linkedin": 0.2,
    "youtube": 0.35,
}
ENGAGEMENT_RATE = {
    "facebook": 0.035,
    "instagram": 0.045,
    "x": 0.018,
    "tiktok": 0.06,
    "linkedin": 0.03,
    "youtube": 0.04,
}
ENGAGEMENT_SPLIT = {
    "facebook": (0.78, 0.13, 0.09),
    "instagram": (0.88, 0.09, 0.03),
    "x": (0.68, 0.10, 0.22),
    "tiktok": (0.85, 0.07, 0.08),
    "linkedin": (0.76, 0.14, 0.10),
    "youtube": (0.86, 0.10, 0.04),
}
HASHTAG_SHARE = {"instagram": 0.75, "tiktok": 0.7, "x": 0.3, "linkedin": 0.5, "youtube": 0.2}
CHANNELS_WITH_SAVES = ("instagram", "tiktok")

CHANNELS: tuple[str, ...] = tuple(REACH_RATE)
"""The channels the generator can model."""

AGE_BUCKETS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
GENDER_BUCKETS = ("female", "male", "other")
PLATFORM_AGE = {
    "facebook": (0.01, 0.08, 0.21, 0.22, 0.20, 0.16, 0.12),
    "instagram": (0.05, 0.31, 0.33, 0.17, 0.08, 0.04, 0.02),
    "x": (0.02, 0.22, 0.34, 0.21, 0.12, 0.06, 0.03),
    "tiktok": (0.12, 0.38, 0.27, 0.12, 0.07, 0.03, 0.01),
    "linkedin": (0.0, 0.12, 0.40, 0.24, 0.14, 0.08, 0.02),
    "youtube": (0.06, 0.22, 0.27, 0.19, 0.13, 0.09, 0.04),
}
PLATFORM_GENDER = {
    "facebook": (0.55, 0.43, 0.02),
    "instagram": (0.56, 0.42, 0.02),
    "x": (0.34, 0.64, 0.02),
    "tiktok": (0.60, 0.38, 0.02),
    "linkedin": (0.43, 0.56, 0.01),
    "youtube": (0.42, 0.57, 0.01),
}
# How international a channel's following is (mixes the home-heavy target with a uniform spread).
PLATFORM_INTERNATIONAL = {
    "facebook": 0.3,
    "instagram": 0.5,
    "x": 0.7,
    "tiktok": 0.45,
    "linkedin": 0.4,
    "youtube": 0.75,
}
JOB_FUNCTIONS = ("finance", "accounting", "operations", "entrepreneurship", "it", "sales", "other")
SENIORITY = ("entry", "senior", "manager", "director", "vp", "cxo", "owner")
PLATFORM_JOB = {
    "linkedin": (0.24, 0.22, 0.12, 0.16, 0.10, 0.10, 0.06),
    "general": (0.07, 0.05, 0.14, 0.12, 0.22, 0.18, 0.22),
}
PLATFORM_SENIORITY = {
    "linkedin": (0.14, 0.20, 0.20, 0.14, 0.07, 0.10, 0.15),
    "general": (0.38, 0.27, 0.16, 0.07, 0.03, 0.03, 0.06),
}

DIMENSION_BUCKETS: dict[str, tuple[str, ...]] = {
    "age": AGE_BUCKETS,
    "gender": GENDER_BUCKETS,
    "job_function": JOB_FUNCTIONS,
    "seniority": SENIORITY,
}
"""The buckets of each dimension with platform demographics, in the order of their shares
(a target market's ``country`` has buckets of its own)."""

# Posting hours (local time) and their weights.
POST_HOURS = dict(
    zip(range(7, 21), (1, 3, 2, 2, 2.5, 3, 2, 1.5, 1.5, 1.5, 2, 2.5, 2, 1), strict=True)
)
