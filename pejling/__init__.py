"""Pejling: follow-up of Danish municipalities' children-and-youth policies."""

__version__ = "0.1.0"
