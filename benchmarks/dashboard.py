"""The oversight pages on a generated province: the province dashboard, a unit's page, the XLSX export.

    .venv/bin/python benchmarks/dashboard.py                      # SQLite in instance/bench-province.db
    .venv/bin/python benchmarks/dashboard.py --db postgresql      # PostgreSQL 127.0.0.1:5432/forumsite_bench (created)
    .venv/bin/python benchmarks/dashboard.py --scale 0.1 --fresh  # a tenth of a province, rebuilt

The province (15 units, 1,200 grassroots organisations, 6,000 cells, 200,000 members, 12,000 forums,
600,000 proposals at --scale 1) is generated once per database and kept for later runs (--fresh rebuilds
it; on PostgreSQL the database's tables are dropped first). Each page is requested in-process through the
Flask test client as an oversight user of the whole province: what is timed is the app and the database,
not the network. Targets: dashboard ≤ 300 ms on PostgreSQL and ≤ 1 s on SQLite (median). The first view
after generation also counts and stores every held forum's participation figures (oversight/stats.py);
it is reported separately ("first view"), the median is of the views after it.
The last line is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, percentile, report, today  # noqa: E402

# Its own database, never `test`: the test suite empties that one.
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/forumsite_bench"


def ensure_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist yet."""
    import sqlalchemy as sa

    target = sa.engine.make_url(url)
    engine = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database})
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--url", help="database URL (default: instance/bench-province.db or " + PG_DEFAULT + ")")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="drop and regenerate the province")
    args = parser.parse_args()
    sqlite_url = f"sqlite:///{ROOT / 'instance' / 'bench-province.db'}"
    url = args.url or (PG_DEFAULT if args.db == "postgresql" else sqlite_url)
    if url.startswith("postgresql"):
        ensure_database(url)

    import sqlalchemy as sa

    from forumsite import create_app
    from forumsite.accounts.actions import create_user
    from forumsite.accounts.models import User
    from forumsite.extensions import db
    from forumsite.org.models import Organisation
    from forumsite.oversight.generate import generate

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "PASSWORD_METHOD": "pbkdf2:sha256:1000"})
    generated_s = None
    if args.fresh and url.startswith("sqlite:///"):
        # Deleting the file: SQLite's DROP TABLE checks every row's foreign keys, for minutes at this size.
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    with app.app_context():
        if args.fresh and not url.startswith("sqlite"):
            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        from flask_migrate import upgrade

        upgrade(directory=str(ROOT / "migrations"))
        province = db.session.scalar(sa.select(Organisation).where(Organisation.parent_id.is_(None),
                                                                   Organisation.name.like("%dữ liệu mẫu lớn%")))
        if province is None:
            print(f"Generating the province at scale {args.scale} into {url} …", flush=True)
            started = time.perf_counter()
            result = generate(scale=args.scale, progress=lambda _n: print(".", end="", flush=True))
            generated_s = time.perf_counter() - started
            print(f"\n  {result} in {generated_s:.0f} s", flush=True)
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(sa.text("ANALYZE"))
            province = db.session.get(Organisation, result["province_id"])
        province_id = province.id
        unit_id = db.session.scalar(sa.select(Organisation.id).where(Organisation.parent_id == province_id)
                                    .order_by(Organisation.id).limit(1))
        cells = db.session.scalar(sa.select(sa.func.count(Organisation.id)).where(
            province.subtree_filter(), Organisation.kind.in_(("chi_bo_co_so", "chi_bo_truc_thuoc"))))
        forums = db.session.scalar(sa.text("SELECT count(*) FROM forum"))
        proposals = db.session.scalar(sa.text("SELECT count(*) FROM proposal"))
        if db.session.scalar(sa.select(User).where(User.username == "bench_oversight")) is None:
            create_user("bench_oversight", "bench-pass-12345", oversight_org_id=province_id)
            db.session.commit()

    client = app.test_client()
    client.post("/login", data={"username": "bench_oversight", "password": "bench-pass-12345"})
    year = time.localtime().tm_year
    pages = {"dashboard": f"/org/{province_id}/oversight/?year={year}",
             "unit": f"/org/{unit_id}/oversight/?year={year}",
             "xlsx": f"/org/{province_id}/oversight/export.xlsx?year={year}",
             "recommendations": f"/org/{province_id}/oversight/recommendations?year={year}",
             "models": f"/org/{province_id}/oversight/models"}
    timings: dict[str, list[float]] = {}
    cold = {}
    for name, path in pages.items():
        runs = args.runs if name != "xlsx" else max(3, args.runs // 3)
        started = time.perf_counter()
        response = client.get(path)  # the first view counts every forum whose figures are not stored yet
        cold[name] = round((time.perf_counter() - started) * 1000, 1)
        assert response.status_code == 200, (path, response.status_code)
        values = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            values.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        timings[name] = values

    def med(name):
        return round(statistics.median(timings[name]), 1)

    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    rows = [("database", url.split("@")[-1]), ("cells / forums / proposals", f"{cells:,} / {forums:,} / {proposals:,}")]
    if generated_s is not None:
        rows.append(("generated in", f"{generated_s:.0f} s"))
    for name in pages:
        rows.append((name, f"median {med(name)} ms, p95 {percentile(timings[name], 95):.1f} ms "
                           f"({len(timings[name])} runs; first view {cold[name]} ms)"))
    target = 300 if dialect == "postgresql" else 1000
    rows.append(("target", f"dashboard ≤ {target} ms: {'met' if med('dashboard') <= target else 'NOT met'}"))
    report(f"Oversight pages on a generated province ({today()}, pid {os.getpid()})", rows, {
        "db": dialect, "cells": cells, "forums": forums, "proposals": proposals, "dashboard_ms": med("dashboard"),
        "unit_ms": med("unit"), "xlsx_ms": med("xlsx"), "recommendations_ms": med("recommendations"),
        "models_ms": med("models"), "dashboard_first_view_ms": cold["dashboard"], "target_ms": target})


if __name__ == "__main__":
    main()
