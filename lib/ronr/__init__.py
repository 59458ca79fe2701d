"""ronr: the Return-on-Relationship workbook."""

__version__ = "0.1.0"
