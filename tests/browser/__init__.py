"""End-to-end tests of the panel and the card in Chromium against the demo."""
