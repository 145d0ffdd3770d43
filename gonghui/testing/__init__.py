"""Shared helpers for Gonghui's tests: the pytest plugin, the browser harness.

Not an installed app: nothing here is imported by the running site.
"""
