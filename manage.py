#!/usr/bin/env python
"""Django's manage.py; the same as the `gonghui` console script."""

from gonghui.cli import main

if __name__ == "__main__":
    main()
