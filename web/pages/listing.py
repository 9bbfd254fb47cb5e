"""What every filtered list page shares: clean URLs for its filters and links between its pages."""

from __future__ import annotations

from urllib.parse import urlencode

from web.pages.forms import FormValues


def list_url(base: str, raw: FormValues, defaults: dict[str, str], **changes: str) -> str:
    """The list's URL for these filters, without blank or default ones (``changes`` sets a name, e.g. the page).

    Repeated filters (checkbox groups) stay repeated parameters."""
    pairs = []
    for name, value in {**raw, **changes}.items():
        if value and value != defaults.get(name):
            pairs += [(name, item) for item in value] if isinstance(value, list) else [(name, value)]
    return f"{base}?{urlencode(pairs)}" if pairs else base


def page_links(base: str, raw: FormValues, defaults: dict[str, str], page: int, page_size: int, total: int) -> dict | None:
    """Current and last page with links to the previous and next one; None when everything fits on one page."""
    last = max(1, -(-total // page_size))
    if last == 1 and page == 1:
        return None
    return {
        "current": page,
        "last": last,
        # From past the end (an old link), "previous" goes to the last page there is.
        "previous": list_url(base, raw, defaults, page=str(min(page - 1, last))) if page > 1 else None,
        "next": list_url(base, raw, defaults, page=str(page + 1)) if page < last else None,
    }
