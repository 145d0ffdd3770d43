"""Benchmarks on a city-scale database (`python -m gonghui.bench`, `make bench`).

Each backend gets its own process, because the settings read DATABASE_URL once: SQLite in
var/bench/city.sqlite3 and PostgreSQL in the database `gonghui_bench`. Every figure of ours is
printed beside a baseline measured in the same run: the demo load beside a raw insert of the
same member rows, and each search or page beside the same question asked in hand-written SQL.
Results go to docs/benchmarks.md by hand; timings never go into tests.
"""
