"""Exports as users really have them: current layouts, localised headers, renamed copies.

The real-user cases (``../shared/cases``): the current Meta Business Suite Facebook export, a
Sprout post export with Stories and Reels, and a Sprout Competitor Posts export. Then synthetic
headers in German, French, Spanish and Portuguese, and copies whose headers were renamed.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cases import case_path
from ronr.engagement import feed_posts
from ronr.errors import InputError
from ronr.ingest import ImportContext, Sample, detect_format, import_file
from ronr.ingest.aliases import (
    FORMAT_TABLES,
    POST_TYPES,
    alias_index,
    canonical_header,
    fold,
    post_types,
)
from ronr.ingest.facebook import sniff_facebook_posts
from ronr.ingest.instagram import sniff_instagram_posts
from ronr.ingest.readers import sample_file
from ronr.ingest.sprout import sniff_competitor_posts, sniff_posts
from ronr.schema import validate_table

NOW = pd.Timestamp("2026-06-01", tz="UTC")
ACME = ("Acme", ("@acme_demo",))
RIVAL_ONE = ("Rival One", ("@rivalbrand_one",))
RIVAL_TWO = ("Rival Two", ("@rivalbrand_two",))


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def case_file(name: str, tmp_path: Path) -> Path:
    """The one CSV of case ``name``, copied to ``tmp_path`` (the cases are read-only)."""
    (source,) = case_path(name).glob("*.csv")
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def context(*brands, timezone: str = "UTC") -> ImportContext:
    client = brands[0] if brands else ACME
    return ImportContext(
        brand=client[0], handles=client[1], timezone=timezone, now=NOW, brands=tuple(brands)
    )


# -- the current Meta Business Suite Facebook export (case) -------------------------------------


def test_current_facebook_export_is_facebook_with_views_reach_reactions_and_clicks(tmp_path):
    path = case_file("meta-facebook-posts-current", tmp_path)
    sample = sample_file(path)
    assert detect_format(sample).name == "facebook-posts"
    assert not sniff_instagram_posts(sample)  # never the Instagram export

    result = import_file(path, context=context(ACME, timezone="Europe/Berlin"))
    posts = result.tables["posts"]
    validate_table(posts, "posts")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 3, 0)
    assert set(posts["channel"]) == {"facebook"}
    assert set(posts["brand"]) == {"Acme"}
    assert posts["post_id"].tolist() == [
        "1800000000000001",
        "1800000000000002",
        "1800000000000003",
    ]
    assert posts["post_type"].tolist() == ["photo", "photo", "reel"]  # Photos, Reels
    # local Berlin times (CEST, UTC+2) to UTC
    assert posts["published_at"].tolist() == [
        ts("2025-09-28 16:12"),
        ts("2025-09-24 13:30"),
        ts("2025-09-20 07:00"),
    ]
    # Views are impressions (times on screen, repeats included); Reactions are the likes
    assert posts["impressions"].tolist() == [27, 1263, 12400]
    assert posts["reach"].tolist() == [20, 845, 9800]
    assert posts["likes"].tolist() == [4, 5, 480]
    assert posts["comments"].tolist() == [0, 0, 20]
    assert posts["shares"].tolist() == [0, 1, 12]
    assert posts["clicks"].tolist() == [2, 2, 40]
    assert posts["video_views"].isna().all()  # no 3-second video views column
    assert posts["paid"].isna().all()  # the export does not say
    # the message is the Title; the reel's text is its Description
    assert posts["text"].iloc[0].startswith("An autumn favourite is back!")
    assert posts["text"].iloc[1] == "Back to the shore."
    assert posts["text"].iloc[2] == "New reel: how it is made"
    # Meta's own total is kept beside its parts, and so are the other columns
    assert posts["Reactions, Comments and Shares"].tolist() == ["4", "6", "512"]
    assert posts["Other Clicks"].tolist() == ["1", "1", "30"]
    assert posts["Page name"].iloc[0] == "Acme Demo Page"
    assert "Views" not in posts.columns and "Total clicks" not in posts.columns


def test_current_facebook_export_without_its_time_column_says_so(tmp_path):
    header = ["Post ID", "Page ID", "Page name", "Title", "Views", "Reach", "Reactions"]
    path = write_csv(tmp_path / "fb.csv", header, [["1", "2", "Acme", "Hi", "5", "4", "1"]])
    with pytest.raises(InputError) as caught:
        import_file(path, context=context(ACME))
    message = str(caught.value)
    assert message.startswith("fb.csv: missing required column 'Publish time'")
    assert "a Facebook post export" in message
    assert "expected columns: Post ID, Page ID, Page name, Title" in message


# -- the Sprout post export with Stories and Reels (case) ---------------------------------------


def test_sprout_stories_reels_and_feed_posts_keep_their_types(tmp_path):
    path = case_file("sprout-stories", tmp_path)
    assert detect_format(sample_file(path)).name == "sprout-posts"
    result = import_file(path, context=context(ACME, timezone="America/New_York"))
    posts = result.tables["posts"]
    validate_table(posts, "posts")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (6, 6, 0)
    assert set(posts["brand"]) == {"Acme"} and set(posts["channel"]) == {"instagram"}
    # Story and Reel from Post Type; a feed post from its Content Type
    assert posts["post_type"].tolist() == ["reel", "story", "story", "story", "carousel", "photo"]
    assert posts["published_at"].iloc[0] == ts("2026-03-03 02:00")  # 9:00 pm EST
    reel = posts.iloc[0]
    assert (reel["impressions"], reel["reach"], reel["likes"]) == (5767, 4173, 107)
    assert (reel["comments"], reel["shares"], reel["saves"], reel["video_views"]) == (
        5,
        45,
        5,
        5767,
    )
    story = posts.iloc[2]  # a video story
    assert (story["impressions"], story["reach"], story["comments"], story["shares"]) == (
        425,
        354,
        1,
        0,
    )
    assert pd.isna(story["likes"])  # a Story has no likes: missing, not 0
    assert posts["Post Type"].tolist() == ["Reel", "Story", "Story", "Story", "Post", "Post"]
    # the feed comparisons see the three feed posts only
    assert feed_posts(posts)["post_type"].tolist() == ["reel", "carousel", "photo"]


# -- the Sprout Competitor Posts export (case) --------------------------------------------------


def test_competitor_posts_belong_to_the_competitor_with_that_handle(tmp_path):
    path = case_file("sprout-competitor-posts", tmp_path)
    sample = sample_file(path)
    assert detect_format(sample).name == "sprout-competitor-posts"
    assert not sniff_posts(sample)  # never read as the client's own posts

    result = import_file(path, context=context(ACME, RIVAL_ONE, RIVAL_TWO))
    posts = result.tables["posts"]
    validate_table(posts, "posts")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 3, 0)
    assert posts["brand"].tolist() == ["Rival One", "Rival Two", "Rival One"]
    assert posts["post_type"].tolist() == ["reel", "carousel", "photo"]
    assert posts["likes"].tolist() == [238304, 5342, 1100]  # Reactions
    assert posts["comments"].tolist() == [1180, 348, 38]
    assert posts["shares"].isna().all()  # empty cells: unknown
    assert posts["impressions"].isna().all() and posts["reach"].isna().all()
    assert posts["Profile"].tolist() == ["rivalbrand_one", "rivalbrand_two", "rivalbrand_one"]
    assert posts["Public Engagements"].tolist() == ["239,484", "5,690", "1,138"]
    assert posts["published_at"].iloc[0] == ts("2026-01-05 11:44")  # client zone: UTC


def test_competitor_posts_of_an_unknown_profile_are_rejected_with_that_reason(tmp_path):
    path = case_file("sprout-competitor-posts", tmp_path)
    result = import_file(path, context=context(ACME, RIVAL_ONE))
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 2, 1)
    assert result.tables["posts"]["brand"].tolist() == ["Rival One", "Rival One"]
    assert result.rejects[["row", "column", "value", "reason"]].to_dict("records") == [
        {
            "row": 2,
            "column": "Profile",
            "value": "rivalbrand_two",
            "reason": "unknown profile 'rivalbrand_two': no tracked brand has this handle "
            "(tracked: @acme_demo, @rivalbrand_one); add it to the competitor's handles in "
            "client.yaml",
        }
    ]


def test_competitor_posts_are_never_the_clients_without_competitors(tmp_path):
    path = case_file("sprout-competitor-posts", tmp_path)
    result = import_file(path, context=ImportContext(brand="Acme", now=NOW))
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 0, 3)
    assert result.tables["posts"].empty
    assert result.rejects["reason"].str.startswith("unknown profile 'rivalbrand_").all()
    assert result.rejects["reason"].str.contains(r"\(tracked: none\)").all()


def test_competitor_report_is_told_by_its_columns_when_renamed(tmp_path):
    """A competitor export saved under another name: public metrics only."""
    source = case_file("sprout-competitor-posts", tmp_path)
    renamed = tmp_path / "january.csv"
    source.rename(renamed)
    assert detect_format(sample_file(renamed)).name == "sprout-competitor-posts"


# -- Sprout profile and competitor performance: Audience columns, MM-DD-YYYY dates -------------

AUDIENCE_HEADER = [
    "Date",
    "Network",
    "Profile",
    "Audience",
    "Net Audience Growth",
    "Audience Gained",
    "Audience Lost",
    "Impressions",
]


def test_profile_performance_with_audience_columns_and_dashed_dates(tmp_path):
    rows = [
        ["01-30-2026", "Instagram", "acme_demo", "4,500", "5", "6", "1", "2,000"],
        ["01-31-2026", "Instagram", "acme_demo", "4,510", "10", "10", "0", "2,100"],
        ["01-32-2026", "Instagram", "acme_demo", "4,511", "1", "1", "0", "10"],
    ]
    path = write_csv(tmp_path / "Profile Performance (Acme).csv", AUDIENCE_HEADER, rows)
    assert detect_format(sample_file(path)).name == "sprout-profiles"
    result = import_file(path, context=context(ACME))
    followers = result.tables["followers"]
    validate_table(followers, "followers")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 2, 1)
    assert followers["date"].tolist() == [ts("2026-01-30"), ts("2026-01-31")]
    assert followers["followers"].tolist() == [4500, 4510]
    assert followers["Net Audience Growth"].tolist() == ["5", "10"]
    assert result.rejects[["row", "column", "reason"]].to_dict("records") == [
        {
            "row": 3,
            "column": "Date",
            "reason": "unparseable date (expected a date like '12-31-2025')",
        }
    ]


def test_competitor_performance_keeps_the_clients_row_and_says_why_not_the_others(tmp_path):
    header = ["Date", "Network", "Profile", "Audience", "Net Audience Growth", "Public Engagements"]
    rows = [
        ["01-31-2026", "Instagram", "acme_demo", "4,510", "10", "120"],
        ["01-31-2026", "Instagram", "rivalbrand_one", "98,000", "300", "9,000"],
        ["01-31-2026", "Instagram", "somebody_else", "1,000", "3", "40"],
    ]
    path = write_csv(tmp_path / "Instagram Competitors (Acme).csv", header, rows)
    assert detect_format(sample_file(path)).name == "sprout-competitor-profiles"
    result = import_file(path, context=context(ACME, RIVAL_ONE))
    followers = result.tables["followers"]
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 1, 2)
    assert followers[["channel", "date", "followers"]].to_dict("records") == [
        {"channel": "instagram", "date": ts("2026-01-31"), "followers": 4510}
    ]
    assert result.rejects["value"].tolist() == ["rivalbrand_one", "somebody_else"]
    reasons = result.rejects.set_index("row")["reason"]
    assert reasons[2] == (
        "the audience of competitor 'Rival One': the followers table holds the client's own "
        "follower counts only"
    )
    assert reasons[3].startswith("unknown profile 'somebody_else'")


# -- localised headers --------------------------------------------------------------------------

GERMAN_FACEBOOK = [
    "Beitrags-ID",
    "Seiten-ID",
    "Seitenname",
    "Titel",
    "Beschreibung",
    "Dauer (Sek.)",
    "Veröffentlichungszeitpunkt",
    "Permalink",
    "Beitragstyp",
    "Datenkommentar",
    "Datum",
    "Aufrufe",
    "Reichweite",
    "Reaktionen, Kommentare und geteilte Inhalte",
    "Reaktionen",
    "Kommentare",
    "Geteilte Inhalte",
    "Klicks insgesamt",
    "Sonstige Klicks",
]


def test_german_facebook_export(tmp_path):
    rows = [
        ["1800000000000011", "100000000000001", "Acme", "Herbst ist da", "", "0",
         "09/28/2025 18:12", "https://fb.com/p/11", "Fotos", "", "Gesamte Laufzeit",
         "1263", "845", "6", "5", "0", "1", "2", "1"],
        ["1800000000000012", "100000000000001", "Acme", "", "Neues Reel", "41",
         "28.09.2025 09:00", "https://fb.com/r/12", "Reels", "", "Gesamte Laufzeit",
         "12400", "9800", "512", "480", "20", "12", "40", "30"],
        ["1800000000000013", "100000000000001", "Acme", "Kaputt", "", "0",
         "09/29/2025 10:00", "https://fb.com/p/13", "Fotos", "", "Gesamte Laufzeit",
         "viele", "10", "0", "0", "0", "0", "0", "0"],
    ]  # fmt: skip
    path = write_csv(tmp_path / "Beiträge.csv", GERMAN_FACEBOOK, rows)
    assert detect_format(sample_file(path)).name == "facebook-posts"
    result = import_file(path, context=context(ACME))
    posts = result.tables["posts"]
    validate_table(posts, "posts")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 2, 1)
    assert set(posts["channel"]) == {"facebook"}
    assert posts["post_type"].tolist() == ["photo", "reel"]
    assert posts["text"].tolist() == ["Herbst ist da", "Neues Reel"]
    assert posts["published_at"].tolist() == [ts("2025-09-28 18:12"), ts("2025-09-28 09:00")]
    assert posts["reach"].tolist() == [845, 9800]
    assert posts["impressions"].tolist() == [1263, 12400]
    assert posts["likes"].tolist() == [5, 480]
    assert posts["comments"].tolist() == [0, 20]
    assert posts["shares"].tolist() == [1, 12]
    assert posts["clicks"].tolist() == [2, 40]
    # a reject names the column as the file spells it
    assert result.rejects[["row", "column", "value", "reason"]].to_dict("records") == [
        {"row": 3, "column": "Aufrufe", "value": "viele", "reason": "not a number"}
    ]


FRENCH_INSTAGRAM = [
    "ID de la publication",
    "ID du compte",
    "Nom d'utilisateur du compte",
    "Nom du compte",
    "Description",
    "Durée (s)",
    "Heure de publication",
    "Permalien",
    "Type de publication",
    "Commentaire sur les données",
    "Date",
    "Vues",
    "Couverture",
    "J'aime",
    "Partages",
    "Abonnements",
    "Commentaires",
    "Enregistrements",
]


def test_french_instagram_export(tmp_path):
    rows = [
        ["17912345678901234", "178414", "acme.cafe", "Acme Café", "Menu de printemps", "0",
         "03/15/2026 10:02", "https://instagram.com/p/1/", "Image IG", "", "Durée de vie",
         "12400", "9800", "310", "12", "4", "31", "88"],
        ["17912345678901235", "178414", "acme.cafe", "Acme Café", "", "15",
         "03/16/2026 18:30", "https://instagram.com/p/2/", "Story IG", "", "Durée de vie",
         "900", "850", "0", "1", "0", "2", "0"],
    ]  # fmt: skip
    path = write_csv(tmp_path / "publications.csv", FRENCH_INSTAGRAM, rows)
    sample = sample_file(path)
    assert detect_format(sample).name == "instagram-posts"
    assert not sniff_facebook_posts(sample)
    result = import_file(path, context=context(ACME, timezone="Europe/Paris"))
    posts = result.tables["posts"]
    validate_table(posts, "posts")
    assert (result.rows_read, result.rows_accepted) == (2, 2)
    assert set(posts["channel"]) == {"instagram"}
    assert posts["post_type"].tolist() == ["photo", "story"]
    assert posts["published_at"].tolist() == [ts("2026-03-15 09:02"), ts("2026-03-16 17:30")]
    assert posts["impressions"].tolist() == [12400, 900]
    assert posts["reach"].tolist() == [9800, 850]
    assert posts["likes"].tolist() == [310, 0]
    assert posts["shares"].tolist() == [12, 1]
    assert posts["comments"].tolist() == [31, 2]
    assert posts["saves"].tolist() == [88, 0]
    assert posts["Abonnements"].tolist() == [4, 0]  # Follows, kept as a count
    assert posts["text"].iloc[0] == "Menu de printemps"


def test_french_facebook_and_portuguese_instagram_headers_are_told_apart():
    def sample(columns):
        return Sample(Path("f.csv"), tuple(c.lower() for c in columns), (), {})

    french_facebook = [
        "ID de la publication",
        "ID de la Page",
        "Nom de la Page",
        "Heure de publication",
        "Vues",
        "Couverture",
        "Réactions",
        "Total des clics",
    ]
    portuguese_instagram = [
        "Identificação do post",
        "Identificação da conta",
        "Nome de usuário da conta",
        "Horário de publicação",
        "Visualizações",
        "Alcance",
        "Curtidas",
        "Salvamentos",
    ]
    assert sniff_facebook_posts(sample(french_facebook))
    assert not sniff_instagram_posts(sample(french_facebook))
    assert sniff_instagram_posts(sample(portuguese_instagram))
    assert not sniff_facebook_posts(sample(portuguese_instagram))


SPANISH_SPROUT = [
    "Fecha",
    "ID de publicación",
    "Red",
    "Tipo de publicación",
    "Tipo de contenido",
    "Perfil",
    "Enviado por",
    "Enlace",
    "Publicación",
    "Impresiones",
    "Alcance",
    "Interacciones",
    "Reacciones",
    "Me gusta",
    "Comentarios",
    "Compartidos",
    "Guardados",
    "Clics en la publicación (todos)",
    "Reproducciones de video",
]


def test_spanish_sprout_post_export(tmp_path):
    rows = [
        ["3/02/2026 9:00 pm", "181001", "Instagram", "Reel", "Video", "acme_demo", "Ana",
         "https://ig/r1", "Reel uno", "5,767", "4,173", "162", "107", "107", "5", "45", "5",
         "", "5,767"],
        ["3/03/2026 9:10 pm", "181002", "Instagram", "Historia", "Foto", "acme_demo", "Ana",
         "", "", "144", "125", "0", "", "", "0", "0", "", "", ""],
        ["3/06/2026 9:40 pm", "181003", "Instagram", "Publicación", "Carrusel", "acme_demo",
         "Ana", "https://ig/c1", "Carrusel uno", "7,026", "3,201", "70", "66", "66", "1", "1",
         "2", "", ""],
        ["3/07/2026 10:00 am", "181004", "Facebook", "Publicación", "Enlace", "Acme", "Ana",
         "https://fb/l1", "Un enlace", "2,100", "1,500", "45", "40", "38", "3", "1", "", "9", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "Rendimiento de publicaciones.csv", SPANISH_SPROUT, rows)
    assert detect_format(sample_file(path)).name == "sprout-posts"
    result = import_file(path, context=context(ACME, timezone="America/New_York"))
    posts = result.tables["posts"]
    validate_table(posts, "posts")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (4, 4, 0)
    assert posts["channel"].tolist() == ["instagram", "instagram", "instagram", "facebook"]
    assert posts["post_type"].tolist() == ["reel", "story", "carousel", "link"]
    assert posts["impressions"].tolist() == [5767, 144, 7026, 2100]
    assert posts["reach"].tolist() == [4173, 125, 3201, 1500]
    assert posts["likes"].iloc[[0, 2, 3]].tolist() == [107, 66, 40]  # Reacciones
    assert pd.isna(posts["likes"].iloc[1])
    assert posts["comments"].tolist() == [5, 0, 1, 3]
    assert posts["shares"].tolist() == [45, 0, 1, 1]
    assert posts["clicks"].iloc[3] == 9
    assert posts["video_views"].iloc[0] == 5767
    assert posts["text"].iloc[0] == "Reel uno"
    assert posts["published_at"].iloc[0] == ts("2026-03-03 02:00")
    kinds = ["Reel", "Historia", "Publicación", "Publicación"]
    assert posts["Tipo de publicación"].tolist() == kinds  # kept as the file wrote it


def test_spanish_sprout_export_without_its_date_says_so(tmp_path):
    header = [c for c in SPANISH_SPROUT if c != "Fecha"]
    path = write_csv(tmp_path / "posts.csv", header, [["1"] * len(header)])
    with pytest.raises(InputError) as caught:
        import_file(path, context=context(ACME))
    assert str(caught.value).startswith(
        "posts.csv: missing required column 'Date' for a Sprout Social post performance export"
    )


# -- renamed copies ----------------------------------------------------------------------------


def snake(name: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in name).lower().split())


RENAMINGS = {
    "snake_case": snake,
    "lower, no spaces": lambda name: name.lower().replace(" ", ""),
    "UPPER CASE": str.upper,
}


@pytest.mark.parametrize("rename", RENAMINGS.values(), ids=RENAMINGS.keys())
def test_renamed_copy_of_the_facebook_export_reads_like_the_original(tmp_path, rename):
    original = case_file("meta-facebook-posts-current", tmp_path)
    frame = pd.read_csv(original, dtype=str, keep_default_na=False)
    renamed = frame.rename(columns=rename)
    path = tmp_path / "renamed.csv"
    renamed.to_csv(path, index=False)
    assert detect_format(sample_file(path)).name == "facebook-posts"
    ours = import_file(path, context=context(ACME)).tables["posts"]
    theirs = import_file(original, context=context(ACME)).tables["posts"]
    columns = ["post_id", "published_at", "text", "post_type", "impressions", "reach", "likes"]
    columns += ["comments", "shares", "clicks"]
    pd.testing.assert_frame_equal(ours[columns], theirs[columns])
    assert ours["impressions"].tolist() == [27, 1263, 12400]
    assert ours["clicks"].tolist() == [2, 2, 40]


def test_snake_case_copy_of_the_sprout_export_keeps_stories_apart(tmp_path):
    original = case_file("sprout-stories", tmp_path)
    frame = pd.read_csv(original, dtype=str, keep_default_na=False).rename(columns=snake)
    assert "post_clicks_all" in frame.columns
    path = tmp_path / "sprout_posts.csv"
    frame.to_csv(path, index=False)
    assert detect_format(sample_file(path)).name == "sprout-posts"
    posts = import_file(path, context=context(ACME)).tables["posts"]
    assert posts["post_type"].tolist() == ["reel", "story", "story", "story", "carousel", "photo"]
    assert posts["impressions"].tolist() == [5767, 144, 425, 307, 7026, 2100]
    assert posts["likes"].iloc[0] == 107 and posts["video_views"].iloc[0] == 5767


def test_renamed_copy_of_the_classic_facebook_export(tmp_path):
    header = ["post_id", "post_message", "type", "posted", "lifetime_post_total_reach"]
    header += ["lifetime_post_total_impressions", "lifetime_post_consumers"]
    header += [f"lifetime_post_stories_by_action_type_{a}" for a in ("like", "comment", "share")]
    row = ["1_2", "Hi", "Photo", "01/15/2026 08:00", "300", "900", "12", "60", "7", "3"]
    path = write_csv(tmp_path / "posts.csv", header, [row])
    assert detect_format(sample_file(path)).name == "facebook-posts"
    posts = import_file(path, context=context(ACME)).tables["posts"]
    assert posts[["reach", "impressions", "clicks", "likes", "comments", "shares"]].iloc[
        0
    ].tolist() == [300, 900, 12, 60, 7, 3]
    assert posts["post_type"].tolist() == ["photo"]


# -- the alias tables themselves ----------------------------------------------------------------


def test_alias_tables_name_each_column_once():
    for name, table in FORMAT_TABLES.items():
        index = alias_index(table)  # raises when one alias names two columns
        assert all(index[fold(canonical)] == canonical for canonical in table), name
    kinds = {}
    for kind, languages in POST_TYPES.items():
        for values in languages.values():
            for value in values:
                assert kinds.setdefault(fold(value), kind) == kind, value


def test_fold_and_post_types():
    assert fold("Veröffentlichungszeitpunkt") == "veroffentlichungszeitpunkt"
    assert fold("Post Clicks (All)") == fold("post_clicks_all") == "postclicksall"
    assert fold("\ufeffPost ID") == fold("POST-ID") == "postid"
    values = pd.Series(["IG image", "Imagen de IG", "IG-Bild", "Reels", "Historia", None, "Tweet"])
    assert post_types(values).tolist() == [
        "photo",
        "photo",
        "photo",
        "reel",
        "story",
        None,
        "tweet",
    ]


def test_canonical_header_maps_every_language():
    table = FORMAT_TABLES["facebook-posts"]
    for header in (
        ["Beitrags-ID", "Veröffentlichungszeitpunkt", "Aufrufe"],
        ["ID de la publication", "Heure de publication", "Vues"],
        ["Identificador de la publicación", "Hora de publicación", "Visualizaciones"],
        ["Identificação do post", "Horário de publicação", "Visualizações"],
        ["ID del post", "Orario di pubblicazione", "Visualizzazioni"],
        ["post_id", "publish_time", "views"],
    ):
        assert {"post id", "publish time", "views"} <= canonical_header(header, table), header


def test_competitor_sniffer_wants_a_competitor_report():
    own = Sample(
        Path("posts.csv"), ("date", "post id", "network", "profile", "impressions"), (), {}
    )
    public = Sample(
        Path("posts.csv"), ("date", "post id", "network", "profile", "public engagements"), (), {}
    )
    named = Sample(Path("Competitor Posts (Acme).csv"), own.header, (), {})
    assert sniff_posts(own) and not sniff_competitor_posts(own)
    assert sniff_competitor_posts(public) and not sniff_posts(public)
    assert sniff_competitor_posts(named) and not sniff_posts(named)


def test_current_instagram_export_with_a_story_is_instagram(tmp_path):
    header = ["Post ID", "Account ID", "Account username", "Account name", "Description"]
    header += ["Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date"]
    header += ["Views", "Reach", "Likes", "Shares", "Profile visits", "Replies", "Link clicks"]
    header += ["Navigation", "Follows", "Sticker taps"]
    rows = [
        "18000000000000031|17841|acme_demo|Acme||0|03/05/2026 21:30||IG story||Lifetime"
        "|307|292|0|0|3|1|4|250|0|0",
        "18000000000000032|17841|acme_demo|Acme|Reel|12|03/06/2026 09:00||IG reel||Lifetime"
        "|5767|4173|107|45|9|0|||2|",
    ]
    rows = [row.split("|") for row in rows]
    path = write_csv(tmp_path / "Mar-01-2026_Mar-31-2026_17841.csv", header, rows)
    sample = sample_file(path)
    assert detect_format(sample).name == "instagram-posts"
    assert not sniff_facebook_posts(sample)
    posts = import_file(path, context=context(ACME)).tables["posts"]
    assert set(posts["channel"]) == {"instagram"}
    assert posts["post_type"].tolist() == ["story", "reel"]
    assert posts["impressions"].tolist() == [307, 5767]
    assert posts["likes"].tolist() == [0, 107]
    assert posts["clicks"].iloc[0] == 4 and pd.isna(posts["clicks"].iloc[1])  # Link clicks
    assert posts["Navigation"].tolist() == ["250", ""]  # kept as the file wrote it


SPROUT_HEADERS = {  # Date, Post ID, Network, Post Type, Content Type, Profile
    "de": "Datum|Beitrags-ID|Netzwerk|Beitragstyp|Inhaltstyp|Profil",
    "fr": "Date|ID de la publication|Réseau|Type de publication|Type de contenu|Profil",
    "es": "Fecha|ID de publicación|Red|Tipo de publicación|Tipo de contenido|Perfil",
    "pt": "Data|ID da publicação|Rede|Tipo de publicação|Tipo de conteúdo|Perfil",
    "it": "Data|ID post|Rete|Tipo di post|Tipo di contenuto|Profilo",
}


@pytest.mark.parametrize("language", SPROUT_HEADERS)
def test_sprout_post_headers_in_every_language(language):
    header = SPROUT_HEADERS[language].split("|")
    canonical = canonical_header(header, FORMAT_TABLES["sprout-posts"])
    assert {"date", "post id", "network", "post type", "content type", "profile"} <= canonical
    own = Sample(Path("posts.csv"), tuple(c.lower() for c in header), (), {})
    assert sniff_posts(own) and not sniff_competitor_posts(own)
    assert not sniff_facebook_posts(own) and not sniff_instagram_posts(own)


def test_spanish_competitor_report_is_told_by_its_public_metrics():
    header = [
        *SPROUT_HEADERS["es"].split("|"),
        "Interacciones públicas",
        "Reacciones",
        "Comentarios",
    ]
    sample = Sample(Path("enero.csv"), tuple(c.lower() for c in header), (), {})
    assert sniff_competitor_posts(sample) and not sniff_posts(sample)


def test_a_missing_column_is_named_in_every_language_the_format_reads(tmp_path):
    # a German export without its publish time: the error names the German spellings too,
    # so the user can find the column they dropped
    path = tmp_path / "fb.csv"
    path.write_text("Seiten-ID,Seitenname,Beitrags-ID,Titel\n1,a,2,x\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_file(path, format="facebook-posts")
    message = str(error.value)
    assert message.startswith("fb.csv: missing required column 'Publish time'")
    assert "'Publish time' is also read as 'Veröffentlichungszeitpunkt'" in message
    assert "'Heure de publication'" in message
