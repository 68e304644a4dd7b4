"""Errors a user can fix: the CLI prints them without a traceback and exits 1."""

from __future__ import annotations


class UserError(Exception):
    """A problem in the user's input or command, with a message that says how to fix it."""
