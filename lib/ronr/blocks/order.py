"""The order of brand rows in a report table: the client's brand first, then its competitors."""

from __future__ import annotations

import pandas as pd

from ..store import Workspace


def client_first(table: pd.DataFrame, ws: Workspace) -> pd.DataFrame:
    """``table``'s rows with its ``brand`` column in the config's order (stable otherwise).

    A brand the config does not name comes last; rows of one brand keep their order.
    """
    order = {name: i for i, name in enumerate(ws.config.brand_names)}
    rank = table["brand"].map(order).fillna(len(order))
    return table.iloc[rank.argsort(kind="stable")].reset_index(drop=True)
