"""NETIO's product names for the model strings devices report (protocol notes §9).

Newer devices report a short code as their model ("8QS"); people know the product by its
name ("PowerPDU 8QS"). Older devices report the name itself ("NETIO 4All").
"""

from __future__ import annotations

PRODUCT_NAMES: dict[str, str] = {
    "4PS": "PowerPDU 4PS",
    "4KS": "PowerPDU 4KS",
    "8QS": "PowerPDU 8QS",
    "8KS": "PowerPDU 8KS",
    "4PZ": "PowerDIN 4PZ",
    "101x": "PowerCable 101x",
}


def product_name(model: str | None) -> str | None:
    """The product name of a reported model string; an unknown string is kept as it is."""
    if model is None:
        return None
    return PRODUCT_NAMES.get(model.strip(), model)
