"""The Excel template, both ways: `template_write` (document → .xlsx) and `template_read` (.xlsx →
checked document). The layout is template_columns.py, the one spec both directions follow."""

from .template_read import template_read
from .template_write import template_write

__all__ = ["template_read", "template_write"]
