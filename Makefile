# vpub-onestop: `make run` serves the demo (gunicorn.conf.py: workers from the cores),
# `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
STAMP := $(VENV)/.installed

.PHONY: install run worker db seed test lint typecheck pytest reliability clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

db: install
	mkdir -p instance
	$(FLASK) db upgrade

seed: db
	$(FLASK) bootstrap

run: seed
	@echo ""
	@echo "  Một cửa điện tử: http://$(HOST):$(PORT)"
	@echo "  Đăng nhập thử (mật khẩu demo1234): reception.ttpvhcc, specialist.px_quynhon,"
	@echo "  leader.congan, unit_head.ttpvhcc, supervisor.ttpvhcc, admin.ttpvhcc, citizen1 ... citizen5"
	@echo ""
	GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# One background worker (needs REDIS_URL, e.g. redis://127.0.0.1:6379/0, set for `make run`
# too): mail delivery, the deadline sweep every SWEEP_INTERVAL_SECONDS, exports, imports.
worker: db
	$(FLASK) worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

test: lint typecheck pytest

# Not part of `make test` nor CI: minutes of load, races, crashes and fuzzing against real
# servers on loopback; prints one table. ARGS="--clients 200 --seconds 60 --pairs 1000".
reliability: install
	$(BIN)/python -m bench.reliability $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
