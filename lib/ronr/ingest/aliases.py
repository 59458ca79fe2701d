"""The names an export's columns (and post types) go by: languages and renamed copies.

Meta Business Suite and Sprout Social write their headers in the user's language, and users
rename columns before they hand a file over (``publish_time``, ``PUBLISHTIME``, ``Post-ID``).
The importers are written against the English export's column names (the *canonical source
columns*); this module maps a file's own names onto them, so one importer reads every spelling.

The tables below are data: one per format, ``canonical source column -> language -> aliases``.
To teach ronr another language or a new spelling, add a line to the table: no code changes.
Matching is done on :func:`fold`-ed names (lower case, accents, spaces, underscores and
punctuation removed), so ``Publish time``, ``publish_time``, ``PublishTime`` and
``publish-time`` are one name, and the canonical name itself is always an alias (renamed
copies of an English export need no table entry). Within one table no folded alias may name two
canonical columns (``tests/test_ingest_layouts.py`` checks this).

A column the file names exactly (case and spaces aside, see
:func:`ronr.ingest.base.normalise_name`) always wins over an alias.

The localised names follow Meta's and Sprout's interface wording in each language; exports
differ between versions, so a name found in a real export that is missing here should simply
be added to its table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .base import ColumnProblems, Columns, normalise_name
from .readers import read_export

LANGUAGES = ("en", "de", "fr", "es", "pt", "it")
# canonical source column -> language -> the names it has in that language's export
AliasTable = Mapping[str, Mapping[str, Sequence[str]]]


def fold(name: object) -> str:
    """A name reduced for matching: lower case, no accents, only letters and digits.

    ``"Veröffentlichungszeitpunkt"`` is ``"veroffentlichungszeitpunkt"``, ``"publish_time"``
    and ``"Publish Time"`` are both ``"publishtime"``, ``"Post Clicks (All)"`` is
    ``"postclicksall"``; a byte-order mark is dropped.
    """
    text = unicodedata.normalize("NFKD", str(name).replace("\ufeff", "")).casefold()
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


# -- Meta Business Suite (Facebook and Instagram post exports) ---------------------------------

# the columns both Meta exports share, under the same names
META_COMMON: dict[str, dict[str, list[str]]] = {
    "Post ID": {
        "de": ["Beitrags-ID", "Post-ID"],
        "fr": ["ID de la publication", "ID de publication", "Identifiant de la publication"],
        "es": ["Identificador de la publicación", "ID de la publicación", "ID de publicación"],
        "pt": ["Identificação do post", "ID do post", "Identificação da publicação"],
        "it": ["ID del post", "ID post"],
    },
    "Description": {
        "de": ["Beschreibung"],
        "fr": ["Description"],
        "es": ["Descripción"],
        "pt": ["Descrição"],
        "it": ["Descrizione"],
    },
    "Duration (sec)": {
        "de": ["Dauer (Sek.)", "Dauer (Sekunden)"],
        "fr": ["Durée (s)", "Durée (sec)"],
        "es": ["Duración (s)", "Duración (seg)"],
        "pt": ["Duração (s)", "Duração (seg)"],
        "it": ["Durata (sec)", "Durata (s)"],
    },
    "Publish time": {
        "de": ["Veröffentlichungszeitpunkt", "Veröffentlichungszeit", "Veröffentlicht am"],
        "fr": ["Heure de publication", "Date de publication"],
        "es": ["Hora de publicación", "Fecha de publicación"],
        "pt": ["Horário de publicação", "Hora da publicação", "Data de publicação"],
        "it": ["Orario di pubblicazione", "Ora di pubblicazione", "Data di pubblicazione"],
    },
    "Permalink": {
        "de": ["Permalink"],
        "fr": ["Permalien", "Lien permanent"],
        "es": ["Enlace permanente"],
        "pt": ["Link permanente"],
        "it": ["Permalink"],
    },
    "Post type": {
        "de": ["Beitragstyp", "Art des Beitrags"],
        "fr": ["Type de publication"],
        "es": ["Tipo de publicación"],
        "pt": ["Tipo de post", "Tipo de publicação"],
        "it": ["Tipo di post"],
    },
    "Data comment": {
        "de": ["Datenkommentar", "Kommentar zu den Daten"],
        "fr": ["Commentaire sur les données"],
        "es": ["Comentario sobre los datos"],
        "pt": ["Comentário sobre os dados"],
        "it": ["Commento sui dati"],
    },
    # the reporting period ("Lifetime"), not a date
    "Date": {"de": ["Datum"], "fr": ["Date"], "es": ["Fecha"], "pt": ["Data"], "it": ["Data"]},
    "Views": {
        "de": ["Aufrufe"],
        "fr": ["Vues"],
        "es": ["Visualizaciones"],
        "pt": ["Visualizações"],
        "it": ["Visualizzazioni"],
    },
    "Impressions": {
        "de": ["Impressionen"],
        "fr": ["Impressions"],
        "es": ["Impresiones"],
        "pt": ["Impressões"],
        "it": ["Impression", "Impressioni"],
    },
    "Reach": {
        "de": ["Reichweite"],
        "fr": ["Couverture", "Portée"],
        "es": ["Alcance"],
        "pt": ["Alcance"],
        "it": ["Copertura"],
    },
    "Comments": {
        "de": ["Kommentare"],
        "fr": ["Commentaires"],
        "es": ["Comentarios"],
        "pt": ["Comentários"],
        "it": ["Commenti"],
    },
    "Shares": {
        "de": ["Geteilte Inhalte", "Mal geteilt"],
        "fr": ["Partages"],
        "es": ["Veces que se compartió", "Contenido compartido", "Compartidos"],
        "pt": ["Compartilhamentos"],
        "it": ["Condivisioni"],
    },
    "Link clicks": {
        "de": ["Linkklicks", "Link-Klicks"],
        "fr": ["Clics sur un lien", "Clics sur le lien"],
        "es": ["Clics en el enlace"],
        "pt": ["Cliques no link"],
        "it": ["Clic sul link"],
    },
}

# the Facebook page post export (the current Meta Business Suite layout; the classic Insights
# layout has English names only, and its renamed copies are matched through folding)
META_TIME_FORMATS = (
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M",  # a dotted date is day-first wherever it is written
    "%d.%m.%Y %H:%M:%S",
)
"""How Meta Business Suite writes a publish time, in every layout and language it exports."""

FACEBOOK: dict[str, dict[str, list[str]]] = {
    **META_COMMON,
    "Page ID": {
        "de": ["Seiten-ID"],
        "fr": ["ID de la Page", "Identifiant de la Page"],
        "es": ["Identificador de la página", "ID de la página"],
        "pt": ["Identificação da Página", "ID da Página"],
        "it": ["ID della Pagina"],
    },
    "Page name": {
        "de": ["Seitenname", "Name der Seite"],
        "fr": ["Nom de la Page"],
        "es": ["Nombre de la página"],
        "pt": ["Nome da Página"],
        "it": ["Nome della Pagina"],
    },
    "Title": {
        "de": ["Titel"],
        "fr": ["Titre"],
        "es": ["Título"],
        "pt": ["Título"],
        "it": ["Titolo"],
    },
    "Reactions, Comments and Shares": {
        "de": [
            "Reaktionen, Kommentare und geteilte Inhalte",
            "Reaktionen, Kommentare und Shares",
        ],
        "fr": ["Réactions, commentaires et partages"],
        "es": [
            "Reacciones, comentarios y veces que se compartió",
            "Reacciones, comentarios y contenido compartido",
        ],
        "pt": ["Reações, comentários e compartilhamentos"],
        "it": ["Reazioni, commenti e condivisioni"],
    },
    "Reactions": {
        "de": ["Reaktionen"],
        "fr": ["Réactions"],
        "es": ["Reacciones"],
        "pt": ["Reações"],
        "it": ["Reazioni"],
    },
    "Total clicks": {
        "de": ["Klicks insgesamt", "Gesamtzahl der Klicks"],
        "fr": ["Total des clics", "Clics totaux"],
        "es": ["Clics totales", "Total de clics"],
        "pt": ["Total de cliques", "Cliques totais"],
        "it": ["Clic totali", "Totale clic"],
    },
    "Other Clicks": {
        "de": ["Andere Klicks", "Sonstige Klicks"],
        "fr": ["Autres clics"],
        "es": ["Otros clics"],
        "pt": ["Outros cliques"],
        "it": ["Altri clic"],
    },
    "3-second video views": {
        "de": ["3-sekündige Videoaufrufe"],
        "fr": ["Vues de vidéo de 3 secondes"],
        "es": ["Reproducciones de video de 3 segundos"],
        "pt": ["Visualizações de vídeo de 3 segundos"],
        "it": ["Visualizzazioni del video di 3 secondi"],
    },
    # the classic Insights layout: English only (Meta no longer offers it), listed so that its
    # renamed copies (``lifetime_post_total_reach``) are matched too
    "Posted": {},
    "Post Message": {},
    "Type": {},
    "Lifetime Post Total Reach": {},
    "Lifetime Post Paid Reach": {},
    "Lifetime Post Total Impressions": {},
    "Lifetime Post Consumers": {},
    **{
        f"{breakdown} by action type - {action}": {}
        for breakdown in ("Lifetime Post Stories", "Lifetime Talking About This (Post)")
        for action in ("like", "comment", "share")
    },
}

# the Instagram post (and story) export
INSTAGRAM: dict[str, dict[str, list[str]]] = {
    **META_COMMON,
    "Account ID": {
        "de": ["Konto-ID"],
        "fr": ["ID du compte", "Identifiant du compte"],
        "es": ["Identificador de la cuenta", "ID de la cuenta"],
        "pt": ["Identificação da conta", "ID da conta"],
        "it": ["ID dell'account", "ID account"],
    },
    "Account username": {
        "de": ["Benutzername des Kontos", "Konto-Benutzername"],
        "fr": ["Nom d'utilisateur du compte"],
        "es": ["Nombre de usuario de la cuenta"],
        "pt": ["Nome de usuário da conta"],
        "it": ["Nome utente dell'account"],
    },
    "Account name": {
        "de": ["Kontoname", "Name des Kontos"],
        "fr": ["Nom du compte"],
        "es": ["Nombre de la cuenta"],
        "pt": ["Nome da conta"],
        "it": ["Nome dell'account"],
    },
    "Likes": {
        "de": ["„Gefällt mir“-Angaben", "Gefällt mir"],
        "fr": ["J'aime", "Mentions J'aime"],
        "es": ["Me gusta"],
        "pt": ["Curtidas"],
        "it": ["Mi piace"],
    },
    "Saves": {
        "de": ["Gespeichert", "Speicherungen", "Mal gespeichert"],
        "fr": ["Enregistrements"],
        "es": ["Veces guardado", "Guardados", "Veces que se guardó"],
        "pt": ["Salvamentos"],
        "it": ["Salvataggi", "Elementi salvati"],
    },
    "Follows": {
        "de": ["Neue Follower"],
        "fr": ["Abonnements"],
        "es": ["Seguimientos", "Nuevos seguidores"],
        "pt": ["Seguimentos", "Novos seguidores"],
        "it": ["Nuovi follower"],
    },
}

# -- Sprout Social -----------------------------------------------------------------------------

# the columns Sprout's post and profile exports share
SPROUT_COMMON: dict[str, dict[str, list[str]]] = {
    "Date": {"de": ["Datum"], "fr": ["Date"], "es": ["Fecha"], "pt": ["Data"], "it": ["Data"]},
    "Network": {
        "de": ["Netzwerk"],
        "fr": ["Réseau", "Réseau social"],
        "es": ["Red", "Red social"],
        "pt": ["Rede", "Rede social"],
        "it": ["Rete", "Social network"],
    },
    "Profile": {
        "de": ["Profil"],
        "fr": ["Profil"],
        "es": ["Perfil"],
        "pt": ["Perfil"],
        "it": ["Profilo"],
    },
    "Impressions": {
        "de": ["Impressionen"],
        "fr": ["Impressions"],
        "es": ["Impresiones"],
        "pt": ["Impressões"],
        "it": ["Impression", "Impressioni"],
    },
    "Engagements": {
        "de": ["Interaktionen"],
        "fr": ["Engagements"],
        "es": ["Interacciones"],
        "pt": ["Engajamentos"],
        "it": ["Interazioni"],
    },
    # what a competitor report shows instead of Engagements (public actions only)
    "Public Engagements": {
        "de": ["Öffentliche Interaktionen"],
        "fr": ["Engagements publics"],
        "es": ["Interacciones públicas"],
        "pt": ["Engajamentos públicos"],
        "it": ["Interazioni pubbliche"],
    },
}

SPROUT_POSTS: dict[str, dict[str, list[str]]] = {
    **SPROUT_COMMON,
    "Post ID": {
        "de": ["Beitrags-ID", "Post-ID"],
        "fr": ["ID de la publication", "ID de publication"],
        "es": ["ID de publicación", "ID de la publicación"],
        "pt": ["ID da publicação", "ID do post"],
        "it": ["ID post", "ID del post"],
    },
    "Post Type": {
        "de": ["Beitragstyp", "Beitragsart"],
        "fr": ["Type de publication"],
        "es": ["Tipo de publicación"],
        "pt": ["Tipo de publicação", "Tipo de post"],
        "it": ["Tipo di post"],
    },
    "Content Type": {
        "de": ["Inhaltstyp"],
        "fr": ["Type de contenu"],
        "es": ["Tipo de contenido"],
        "pt": ["Tipo de conteúdo"],
        "it": ["Tipo di contenuto"],
    },
    "Sent by": {
        "de": ["Gesendet von"],
        "fr": ["Envoyé par"],
        "es": ["Enviado por"],
        "pt": ["Enviado por"],
        "it": ["Inviato da"],
    },
    "Link": {"de": ["Link"], "fr": ["Lien"], "es": ["Enlace"], "pt": ["Link"], "it": ["Link"]},
    # the post's text
    "Post": {
        "de": ["Beitrag"],
        "fr": ["Publication"],
        "es": ["Publicación"],
        "pt": ["Publicação"],
        "it": ["Post"],
    },
    "Paid Impressions": {
        "de": ["Bezahlte Impressionen"],
        "fr": ["Impressions payées"],
        "es": ["Impresiones pagadas"],
        "pt": ["Impressões pagas"],
        "it": ["Impression a pagamento"],
    },
    "Reach": {
        "de": ["Reichweite"],
        "fr": ["Portée", "Couverture"],
        "es": ["Alcance"],
        "pt": ["Alcance"],
        "it": ["Copertura"],
    },
    "Reactions": {
        "de": ["Reaktionen"],
        "fr": ["Réactions"],
        "es": ["Reacciones"],
        "pt": ["Reações"],
        "it": ["Reazioni"],
    },
    "Likes": {
        "de": ["„Gefällt mir“-Angaben", "Gefällt mir"],
        "fr": ["J'aime", "Mentions J'aime"],
        "es": ["Me gusta"],
        "pt": ["Curtidas"],
        "it": ["Mi piace"],
    },
    "Comments": {
        "de": ["Kommentare"],
        "fr": ["Commentaires"],
        "es": ["Comentarios"],
        "pt": ["Comentários"],
        "it": ["Commenti"],
    },
    "Shares": {
        "de": ["Geteilte Inhalte", "Shares"],
        "fr": ["Partages"],
        "es": ["Veces compartido", "Compartidos"],
        "pt": ["Compartilhamentos"],
        "it": ["Condivisioni"],
    },
    "Saves": {
        "de": ["Gespeichert", "Speicherungen"],
        "fr": ["Enregistrements"],
        "es": ["Guardados", "Veces guardado"],
        "pt": ["Salvamentos"],
        "it": ["Salvataggi"],
    },
    "Click-Through Rate": {
        "de": ["Klickrate"],
        "fr": ["Taux de clics"],
        "es": ["Tasa de clics"],
        "pt": ["Taxa de cliques"],
        "it": ["Percentuale di clic"],
    },
    "Post Link Clicks": {
        "de": ["Linkklicks im Beitrag", "Beitragslinkklicks"],
        "fr": ["Clics sur le lien de la publication"],
        "es": ["Clics en el enlace de la publicación"],
        "pt": ["Cliques no link da publicação"],
        "it": ["Clic sul link del post"],
    },
    "Post Clicks (All)": {
        "de": ["Beitragsklicks (alle)"],
        "fr": ["Clics sur la publication (tous)"],
        "es": ["Clics en la publicación (todos)"],
        "pt": ["Cliques na publicação (todos)", "Cliques no post (todos)"],
        "it": ["Clic sul post (tutti)"],
    },
    "Video Views": {
        "de": ["Videoaufrufe"],
        "fr": ["Vues de vidéos", "Vues de la vidéo"],
        "es": ["Reproducciones de video", "Visualizaciones de video"],
        "pt": ["Visualizações de vídeo"],
        "it": ["Visualizzazioni video", "Visualizzazioni del video"],
    },
    "Engagement Rate (per Impression)": {
        "de": ["Interaktionsrate (pro Impression)"],
        "fr": ["Taux d'engagement (par impression)"],
        "es": ["Tasa de interacción (por impresión)"],
        "pt": ["Taxa de engajamento (por impressão)"],
        "it": ["Tasso di interazione (per impression)"],
    },
    "Engagement Rate (per Reach)": {
        "de": ["Interaktionsrate (pro Reichweite)"],
        "fr": ["Taux d'engagement (par portée)"],
        "es": ["Tasa de interacción (por alcance)"],
        "pt": ["Taxa de engajamento (por alcance)"],
        "it": ["Tasso di interazione (per copertura)"],
    },
    "Tags": {"de": ["Tags"], "fr": ["Balises"], "es": ["Etiquetas"], "pt": ["Tags"], "it": ["Tag"]},
}

SPROUT_PROFILES: dict[str, dict[str, list[str]]] = {
    **SPROUT_COMMON,
    # Sprout renamed Followers to Audience (2024); both are the follower count of that day
    "Followers": {
        "en": ["Audience"],
        "de": ["Follower", "Zielgruppe", "Publikum"],
        "fr": ["Abonnés", "Audience"],
        "es": ["Seguidores", "Audiencia", "Público"],
        "pt": ["Seguidores", "Público", "Audiência"],
        "it": ["Follower", "Pubblico"],
    },
    "Net Follower Growth": {
        "en": ["Net Audience Growth"],
        "de": ["Nettozuwachs an Followern", "Nettowachstum der Zielgruppe"],
        "fr": ["Croissance nette des abonnés", "Croissance nette de l'audience"],
        "es": ["Crecimiento neto de seguidores", "Crecimiento neto de la audiencia"],
        "pt": ["Crescimento líquido de seguidores", "Crescimento líquido do público"],
        "it": ["Crescita netta dei follower", "Crescita netta del pubblico"],
    },
    "Followers Gained": {
        "en": ["Audience Gained"],
        "de": ["Gewonnene Follower", "Zielgruppe gewonnen"],
        "fr": ["Abonnés gagnés", "Audience gagnée"],
        "es": ["Seguidores obtenidos", "Audiencia ganada"],
        "pt": ["Seguidores ganhos", "Público ganho"],
        "it": ["Follower acquisiti", "Pubblico acquisito"],
    },
    "Followers Lost": {
        "en": ["Audience Lost"],
        "de": ["Verlorene Follower", "Zielgruppe verloren"],
        "fr": ["Abonnés perdus", "Audience perdue"],
        "es": ["Seguidores perdidos", "Audiencia perdida"],
        "pt": ["Seguidores perdidos", "Público perdido"],
        "it": ["Follower persi", "Pubblico perso"],
    },
    "Published Posts": {
        "de": ["Veröffentlichte Beiträge"],
        "fr": ["Publications publiées"],
        "es": ["Publicaciones publicadas"],
        "pt": ["Publicações publicadas"],
        "it": ["Post pubblicati"],
    },
}

# the words a competitor report's file name starts with (Sprout names its downloads after the
# report: "Competitor Posts (Acme) January 1, 2026 - ....csv")
COMPETITOR_WORDS: dict[str, list[str]] = {
    "en": ["competitor"],
    "de": ["wettbewerber", "konkurrent"],
    "fr": ["concurrent"],
    "es": ["competidor", "competencia"],
    "pt": ["concorrente", "concorrência"],
    "it": ["concorrent"],
}

# -- post types --------------------------------------------------------------------------------

# ronr's post type -> language -> the values exports write for it (matched folded, after the
# "IG" marker of Instagram's values is removed). Values not listed are kept, lower-cased.
POST_TYPES: dict[str, dict[str, list[str]]] = {
    "photo": {
        "en": ["photo", "photos", "image", "images", "picture"],
        "de": ["foto", "fotos", "bild", "bilder"],
        "fr": ["photo", "photos", "image", "images"],
        "es": ["foto", "fotos", "imagen", "imágenes"],
        "pt": ["foto", "fotos", "imagem", "imagens"],
        "it": ["foto", "immagine", "immagini"],
    },
    "video": {
        "en": ["video", "videos"],
        "de": ["video", "videos"],
        "fr": ["vidéo", "vidéos"],
        "es": ["video", "vídeo", "videos", "vídeos"],
        "pt": ["vídeo", "vídeos"],
        "it": ["video"],
    },
    "reel": {
        "en": ["reel", "reels"],
        "de": ["reel", "reels"],
        "fr": ["reel", "reels"],
        "es": ["reel", "reels"],
        "pt": ["reel", "reels"],
        "it": ["reel"],
    },
    # a Story: full screen, gone after a day; never compared with feed posts
    "story": {
        "en": ["story", "stories"],
        "de": ["story", "stories"],
        "fr": ["story", "stories"],
        "es": ["historia", "historias", "story"],
        "pt": ["story", "stories", "história", "histórias"],
        "it": ["storia", "storie", "story"],
    },
    "carousel": {
        "en": ["carousel", "carousel album"],
        "de": ["karussell"],
        "fr": ["carrousel"],
        "es": ["carrusel"],
        "pt": ["carrossel"],
        "it": ["carosello"],
    },
    "link": {
        "en": ["link", "links"],
        "de": ["link", "links"],
        "fr": ["lien", "liens"],
        "es": ["enlace", "enlaces"],
        "pt": ["link", "links"],
        "it": ["link", "collegamento"],
    },
    "text": {
        "en": ["text"],
        "de": ["text"],
        "fr": ["texte"],
        "es": ["texto"],
        "pt": ["texto"],
        "it": ["testo"],
    },
    "status": {
        "en": ["status"],
        "de": ["status"],
        "fr": ["statut"],
        "es": ["estado"],
        "pt": ["status"],
        "it": ["stato"],
    },
    # Sprout's Post Type of a feed post (its Content Type says photo, video, carousel, ...)
    "post": {
        "en": ["post", "posts"],
        "de": ["beitrag", "beiträge", "post"],
        "fr": ["publication", "publications"],
        "es": ["publicación", "publicaciones"],
        "pt": ["publicação", "publicações", "post"],
        "it": ["post"],
    },
}
# each importer's table (for tools that compare a header with a format's columns)
FORMAT_TABLES: dict[str, AliasTable] = {
    "facebook-posts": FACEBOOK,
    "instagram-posts": INSTAGRAM,
    "sprout-posts": SPROUT_POSTS,
    "sprout-competitor-posts": SPROUT_POSTS,
    "sprout-profiles": SPROUT_PROFILES,
    "sprout-competitor-profiles": SPROUT_PROFILES,
}
IG_MARKER = re.compile(r"^ig[\s_-]+|[\s_-]+(?:(?:de|do|da|di|du|von)\s+)?ig$")


# -- matching ----------------------------------------------------------------------------------


def alias_index(table: AliasTable) -> dict[str, str]:
    """Each folded alias of ``table`` (canonical names included) -> its canonical column.

    Raises
    ------
    ValueError
        When one folded alias names two canonical columns: the table itself is wrong.
    """
    index: dict[str, str] = {}
    for canonical, languages in table.items():
        for alias in (canonical, *(a for names in languages.values() for a in names)):
            key = fold(alias)
            if index.setdefault(key, canonical) != canonical:
                raise ValueError(f"alias {alias!r} names both {index[key]!r} and {canonical!r}")
    return index


def resolve(names: Iterable[object], table: AliasTable) -> dict[str, str]:
    """Canonical column -> the file's column that is one of its aliases (the first that is).

    A file column matches at most one canonical column (:func:`alias_index` refuses a table
    where a folded alias names two, so a column named exactly like one canonical column is never
    claimed by another).
    """
    index = alias_index(table)
    found: dict[str, str] = {}
    for name in (str(n) for n in names):
        canonical = index.get(fold(name))
        if canonical is not None:
            found.setdefault(canonical, name)
    return found


def canonical_header(header: Iterable[object], table: AliasTable) -> set[str]:
    """A header's names as :func:`~ronr.ingest.base.normalise_name` gives them, plus the
    normalised canonical name of every column an alias of ``table`` matches (for sniffers)."""
    header = list(header)
    names = {normalise_name(c) for c in header}
    return names | {normalise_name(c) for c in resolve(header, table)}


class AliasColumns(Columns):
    """:class:`~ronr.ingest.base.Columns` that also finds a column by any alias in ``table``.

    ``columns.get("Publish time")`` is the file's ``Veröffentlichungszeitpunkt`` (or
    ``publish_time``) column; :meth:`name` gives the file's own spelling, so rejects name the
    column as the user sees it.
    """

    def __init__(self, raw: pd.DataFrame, table: AliasTable):
        super().__init__(raw)
        self.table = table
        for canonical, name in resolve(raw.columns, table).items():
            self.lookup.setdefault(normalise_name(canonical), name)

    def require(self, required: Iterable[str], *, file: str, what: str, expected) -> None:
        """As :meth:`Columns.require`, and the error also names each missing column's spellings
        in the other languages the format is read in (a German export's user looks for
        ``Veröffentlichungszeitpunkt``, not ``Publish time``)."""
        try:
            super().require(required, file=file, what=what, expected=expected)
        except InputError as error:
            missing = [c for c in required if normalise_name(c) not in self.lookup]
            spelled = [
                f"{column!r} is also read as "
                + ", ".join(repr(a) for a in dict.fromkeys(
                    alias for names in self.table[column].values() for alias in names
                ))
                for column in missing
                if self.table.get(column)
            ]  # fmt: skip
            if not spelled:
                raise
            raise InputError(f"{error}; {'; '.join(spelled)}") from None


def read_aliased(
    path: str | Path,
    table: AliasTable,
    *,
    required: Iterable[str],
    what: str,
    expected: Iterable[str],
) -> tuple[pd.DataFrame, AliasColumns, ColumnProblems]:
    """:func:`ronr.ingest.readers.read_export` with the columns found by their aliases too.

    Raises
    ------
    InputError
        When the file cannot be read, or a ``required`` column is absent under every name of
        ``table`` (the message names the file, the missing and the expected columns).
    """
    path = Path(path)
    raw, _, problems = read_export(path, required=(), what=what, expected=expected)
    columns = AliasColumns(raw, table)
    columns.require(required, file=path.name, what=what, expected=expected)
    return raw, columns, problems


_POST_TYPE_INDEX = {
    fold(value): kind
    for kind, languages in POST_TYPES.items()
    for values in languages.values()
    for value in values
}


def post_types(kinds: pd.Series) -> pd.Series:
    """Post types as ronr names them: ``Photos``, ``IG image`` and ``Imagen de IG`` are
    ``photo``, ``Historia`` is ``story``; an unknown value is kept stripped and lower-cased."""
    text = kinds.astype("string").str.strip().str.lower().str.replace(IG_MARKER, "", regex=True)
    keys = text.map(lambda value: fold(value) if isinstance(value, str) else None)
    mapped = keys.map(_POST_TYPE_INDEX)
    return mapped.where(mapped.notna(), text).astype(object).where(text.notna(), None)


def is_competitor_file(path: Path) -> bool:
    """Whether the file's name says it is a competitor report (``Competitor Posts (...)``)."""
    name = fold(path.stem)
    return any(fold(word) in name for words in COMPETITOR_WORDS.values() for word in words)


def languages(table: AliasTable) -> tuple[str, ...]:
    """The languages ``table`` has names in (English always)."""
    found = {lang for names in table.values() for lang in names}
    return tuple(lang for lang in LANGUAGES if lang == "en" or lang in found)
