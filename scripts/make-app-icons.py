"""Render the installed app's icons (web app manifest, hooks/offline.py) from the checked-in SVG.

    .venv/bin/python scripts/make-app-icons.py

Writes ``overrides/assets/images/app-icon-192.png`` and ``app-icon-512.png`` from ``app-icon.svg`` (the
site's logo, Material's book-open-variant, on the indigo of the header, inside the safe zone of a maskable
icon) with headless Chromium. Run it after editing the SVG and commit the PNGs: the build copies them and
does not render them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

IMAGES = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "images"
SIZES = (192, 512)


def main() -> None:
    from playwright.sync_api import sync_playwright

    svg = (IMAGES / "app-icon.svg").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        for size in SIZES:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(f'<style>html,body{{margin:0}}svg{{display:block;width:{size}px;height:{size}px}}</style>{svg}')
            page.screenshot(path=str(IMAGES / f"app-icon-{size}.png"))
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
