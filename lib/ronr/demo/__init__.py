"""Seeded synthetic demo clients with planted, findable signals.

Three demo clients are generated, never downloaded, from their specs: one YAML file each in
``specs/`` (package data, read by :mod:`ronr.demo.load`). The same ``seed`` and ``scale`` give
byte-identical files. Each client gets ``data/clients/<name>/client.yaml`` and the five
exports ``exports/{posts,mentions,responses,audience,followers}.csv`` in the generic canonical
CSV format (the canonical columns of :mod:`ronr.schema` without ``source_file``/``source_row``
and without the derived mention columns; UTC timestamps like ``2025-03-04T10:15:00Z``; an empty
cell where a count is missing, which is not 0). The period is 2025-01-01 to 2025-12-31.

=================  ===================================  =======================================
client             brand, competitors                   channels (effort share)
=================  ===================================  =======================================
``demo-coffee``    Northbean (coffee chain, GBP);       facebook 32%, instagram 38%, x 22%,
                   Daily Grind, Brewster & Co,          tiktok 8%
                   Kaffa House
``demo-software``  Ledgerly (B2B accounting, EUR);      linkedin 8%, x 25%, facebook 29%,
                   Tallybook, Sumwise                   youtube 38%
``demo-fashion``   Maison Verte (fashion label, EUR);   instagram 46%, facebook 8%, tiktok 31%,
                   Atelier Nord, Lune & Lin,            youtube 15%
                   Kova Studio
=================  ===================================  =======================================

Rows of ``mentions.csv`` at scale 1 (all tracked brands; the client's in brackets): coffee
103,534 (41,534), software 24,955 (11,515), fashion 35,485 (15,085); see
:meth:`DemoSpec.mention_counts`, which gives the exact count at any scale. ``scale`` multiplies
mentions, responses and posts, but the client keeps at least 3 posts per channel per month and
each super-fan at least 20 mentions, so every signal stays findable at ``scale=0.03``.

Planted signals
---------------
Every signal is recorded in :attr:`DemoSpec.signals` (a :class:`Signals`), so tests and the
walkthrough read them from the spec rather than from names typed twice.

1. **Under-served channel** (``signals.underserved_channel``): its audience matches the target
   market best in every dimension (highest audience fit, 1 − total variation distance) while its
   effort share is below 10%. coffee: ``tiktok``; software: ``linkedin``; fashion: ``facebook``.
2. **Hashtags underperform on Facebook** (``hashtag_channel``, ``hashtag_share``,
   ``hashtag_penalty``): ≈ 40% of the client's Facebook posts carry hashtags and their
   engagements per reach are 40% lower than those of posts without (competitors' too, at a
   lower hashtag share). The share is exact within each post type, so the hashtag and post-type
   signals do not blur each other. Hashtags elsewhere carry no penalty.
3. **Slow responses at weekends** (``weekday_response_hours``, ``weekend_response_hours``):
   of the client's mentions that need an answer (questions and negative mentions; not shares)
   ``response_rate`` (80%, exactly, chosen at random) get one reply from the client's first
   handle, on the mention's channel; replies to late-December mentions may fall in January
   2026. In business hours
   (Mon–Fri 09:00–17:30, client time zone) the median delay is 1.5 h; mentions made on
   Saturday/Sunday (and Friday after closing) wait a median 20 h; other weekday mentions wait
   for the next opening plus ≈ 45 min.
4. **Negative spike around one incident** (``signals.incident``, an :class:`Incident`): for
   ``days`` days from ``start`` (UTC) the client's mentions are ≈ 9.1×, 8.6×, 7.7× and 6.6×
   (software, 3 days: 8.8×, 7.9×, 7.3×) their usual daily volume; 85% of the extra mentions are
   negative statements about the theme, the rest questions about it (≈ 80% of all the client's
   mentions in the window are negative), and they use a ``keyword`` that appears elsewhere only
   in a few aftermath mentions of the client (2% of the burst, in the two months after).
   coffee: "cold brew recall", 2025-06-12 to 2025-06-15, keyword ``recall``;
   software: "bank-sync outage", 2025-03-18 to 2025-03-20, keyword ``outage``;
   fashion: "dye bleeding", 2025-10-07 to 2025-10-10, keyword ``dye``. The client's followers
   also dip by 0.4% on each channel on the first day.
5. **Super-fans** (``signals.superfans``): 8 handles that each mention the client
   ``superfan_count(scale)`` times (coffee 60, software 36, fashion 45 at scale 1; never fewer
   than 20), spread over the whole year, 85% positive, half of them shares. coffee:
   @latte_lena @beanqueen_sam @morningbrew_mo @flatwhite_fi @ravi_roasts @cuppa_clara
   @java_jonas @espresso_eli; software: @cfo_priya @books_by_ben @ap_anna @taxtime_tom
   @ledger_lu @closing_carlos @vat_vera @smb_sofia; fashion: @slowstyle_sara
   @thrift_and_thread @vera_wears @linen_lover @ecochic_emma @wardrobe_wim @green_gabi
   @capsule_chloe. No other author comes close to their counts.
6. **One post type resonates** (``resonant_post_type``, ``resonant_lift``): its engagements
   per reach (also per impressions, with or without saves and clicks) are 2× those of other
   types on the same channel. coffee: ``reel`` (instagram); software: ``video`` (linkedin, x,
   facebook; youtube has only videos); fashion: ``carousel`` (instagram).
7. **Hostile mention** (``hostile_mention_id`` = ``escape-check-1``, ``hostile_text``): one
   negative Facebook review of the client whose text starts with ``<script>alert(1)</script>``
   (coffee: ``<script>alert(1)</script> worst latte ever, awful and rude staff``). It is kept on
   purpose: every report must show it escaped, never executed. It is dated
   2025-09-03 18:xx UTC, by ``@not_a_script``.

Null clients
------------
Each demo client has a null client, ``<name>-null`` (``demo-coffee-null``, displayed as
"Northbean Coffee (no signals)"): the same brands, channels, base volumes, texts and random
stream with every signal above switched off (:func:`null_spec`, :data:`NULL_DEMO_SPECS`), so
a report on it should recommend nothing. ``ronr demo --null`` writes them beside the demo
clients, and :func:`generate_client` and :func:`ensure_demo_client` take their names. Each
signal's neutralisation:

1. every channel gets the same effort (the spec's mean, in whole hours, so each share is
   exactly an equal split and no channel is short of one: the effort-gap rule compares the
   effort share with an equal split on the channels that fit best) and every channel's
   audience mixes the target market with the platform's demographics in the same amount
   (65% platform): no channel is favoured, so none is under-served;
2. ``hashtag_penalty`` 0: the same share of Facebook posts carries hashtags, at no cost;
3. ``weekend_response_hours`` None: mentions at weekends (and Friday after closing) are
   answered as promptly as those in business hours (the same delays, median 1.5 h);
4. ``incident`` None: no burst, no aftermath mentions, no follower dip;
5. no ``superfans``: only the long tail of authors mentions the client;
6. ``resonant_lift`` 1: every post type earns alike on its channel;
7. the hostile mention is kept: it checks escaping, it is no finding.

Besides the signals the data has a weekly seasonality and a daytime pattern, a slow growth
over the year, a long tail of thousands of authors with heavy-tailed follower counts, 12–14%
questions (ending with "?"), complaints among the negative mentions, and a few dozen mentions
in Spanish, French and German (``DemoSpec.foreign``) for language work. Competitors' posts have
no impressions, reach, saves or clicks (private numbers) and no ``paid`` flag; their public
counts are there.

Modules
-------
``spec``
    The spec dataclasses (:class:`DemoSpec` and its parts) and the demo calendar.
``load``, ``reader``
    Reading and checking ``specs/<client>.yaml``; :data:`DEMO_CLIENTS`, :data:`DEMO_SPECS`.
``platforms``
    The generator's model of each platform (reach, engagement, demographics).
``sampling``
    Shared draws: exact shares, ids, timestamps, text pools.
``audience``, ``authors``, ``posts``, ``mentions``, ``responses``
    One table (or its authors) each; ``generate`` draws all five from a spec.
``null``
    The null clients' specs: every signal switched off (:func:`null_spec`).
``write``
    The client folder: client.yaml and the export files (:func:`generate_demo`).
"""

from .generate import TEXT_STYLES, generate_tables
from .load import DEMO_CLIENTS, DEMO_SPECS, NULL_DEMO_CLIENTS, NULL_DEMO_SPECS, load_spec
from .null import null_name, null_spec
from .spec import DemoBrand, DemoSpec, Incident, Signals
from .write import EXPORT_COLUMNS, ensure_demo_client, generate_client, generate_demo, scale_for

__all__ = [
    "DEMO_CLIENTS",
    "DEMO_SPECS",
    "EXPORT_COLUMNS",
    "NULL_DEMO_CLIENTS",
    "NULL_DEMO_SPECS",
    "TEXT_STYLES",
    "DemoBrand",
    "DemoSpec",
    "Incident",
    "Signals",
    "ensure_demo_client",
    "generate_client",
    "generate_demo",
    "generate_tables",
    "load_spec",
    "null_name",
    "null_spec",
    "scale_for",
]
