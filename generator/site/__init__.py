"""The public site: pages made from a Snapshot, handed to mkdocs-material or written to disk."""

from .pages import render_pages

__all__ = ["render_pages"]
