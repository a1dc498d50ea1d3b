"""Widgets shared by the amends screens."""
