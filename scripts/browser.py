"""How this project starts Debian's Chromium: one set of flags for tests and benchmarks."""

CHROMIUM = "/usr/bin/chromium"
# Headless, and no background traffic: the machine's network is closed and the site must not need it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
