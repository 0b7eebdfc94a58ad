"""Jevons' front ends: the command line (``gui.cli``) and the Qt desktop app.

Importing this package does not import Qt; only the modules that draw do.
"""
