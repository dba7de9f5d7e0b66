"""`python -m bench.generate --database-url URL --dossiers N [--seed S] [--upload-dir DIR]`."""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from bench.generate import bulk
from bench.generate.files import link_placeholders
from bench.generate.reference import load_reference, make_app, prepare_database
from bench.generate.sink import Sink
from bench.generate.tell import Teller

BATCH = 5_000  # dossiers per write: bounded memory, one transaction for the whole load


def generate(
    database_url: str, dossiers: int, seed: int = 2018, upload_dir: str | None = None
) -> dict[str, int]:
    """Build (if needed) and fill the database; returns the rows written per table."""
    app = make_app(database_url, upload_dir)
    for line in prepare_database(app):
        print(line)
    ref = load_reference(app)
    with app.app_context():
        from vpub_onestop.extensions import db
        from vpub_onestop.services.summary_rebuild import rebuild_summary

        engine = db.engine
        rng = random.Random(seed)
        sink = Sink(bulk.first_ids(engine))
        teller = Teller(ref, sink, rng)
        names: list[str] = []
        started = time.perf_counter()
        outcomes: dict[str, int] = {}
        with engine.begin() as connection:
            writer = bulk.Writer(connection)
            for index in range(dossiers):
                outcome = teller.tell(index)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
                if (index + 1) % BATCH == 0:
                    batch = sink.take()
                    if upload_dir:
                        names.extend(row["stored_name"] for row in batch["dossier_file"])
                    writer.write(batch)
            batch = sink.take()
            if upload_dir:
                names.extend(row["stored_name"] for row in batch["dossier_file"])
            writer.write(batch)
            bulk.write_counters(connection, teller.counters)
        loaded = time.perf_counter() - started
        # The rows went in without the transition path: fill the reporting read model
        # from them (docs/architecture.md#reporting-read-model), then ANALYZE it too.
        summary = rebuild_summary()
        print(
            f"daily summary: {summary.dossier_rows:,} dossier rows, {summary.step_rows:,} step rows"
        )
        bulk.finish(engine)
        total = time.perf_counter() - started
        if upload_dir:
            link_placeholders(Path(upload_dir), names)
    rows = dict(sink.totals)
    count = sum(rows.values())
    print(f"dossiers by ending: {dict(sorted(outcomes.items()))}")
    print("rows: " + ", ".join(f"{table} {n:,}" for table, n in rows.items()))
    print(
        f"loaded {count:,} rows in {loaded:.1f} s ({count / loaded:,.0f} rows/s, "
        f"{rows.get('dossier', 0) / loaded:,.0f} dossiers/s); with ANALYZE {total:.1f} s"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument(
        "--upload-dir",
        help="also make every file row downloadable: hard links to one placeholder PDF",
    )
    args = parser.parse_args()
    generate(args.database_url, args.dossiers, args.seed, args.upload_dir)


if __name__ == "__main__":
    main()
