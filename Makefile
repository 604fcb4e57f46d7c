# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test bench chaos install browser promtool clean compose-up

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## Run the whole pipeline on the embedded local stack until Ctrl-C.
run: install
	$(BIN)/mediamon run

## Browser tests drive Debian's chromium (no browser download: no internet). Installed here when
## missing and apt-get may run (a fresh machine has no package lists yet, so they are fetched first);
## otherwise the browser tests skip and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  apt-get update -q >/dev/null 2>&1 && \
	  apt-get install -y -q chromium fonts-noto-core fonts-noto-cjk >/dev/null 2>&1; } || \
	  echo "chromium is not installed and cannot be installed here: the browser tests will be skipped"

## The alert rules are checked with Debian's promtool: only that binary is unpacked from the `prometheus`
## package into the venv (no daemon is installed or started); where apt cannot fetch it the check skips.
promtool: install
	@test -x $(BIN)/promtool || { tmp=$$(mktemp -d) && \
	  (cd $$tmp && apt-get download -q prometheus >/dev/null 2>&1 && \
	   dpkg-deb --fsys-tarfile prometheus_*.deb | tar -x ./usr/bin/promtool) && \
	  mv $$tmp/usr/bin/promtool $(BIN)/promtool; rm -rf $$tmp; } || \
	  echo "promtool cannot be fetched here: the rule check will be skipped"

## Run the whole test suite (starts its own local stack on free ports).
test: install browser promtool
	$(BIN)/python -m pytest -q -ra

## Benchmarks print their figures and the machine they ran on.
bench: install
	$(BIN)/python -m bench

## Fault tests only: break a private stack mid-stream, count articles in/out (also part of `make test`,
## so CI runs them; each scenario is bounded by its catch-up timeout, see deploy/RELIABILITY.md).
chaos: install
	$(BIN)/python -m pytest -q -ra tests/integration/test_faults.py

clean:
	rm -rf $(VENV) .mediamon

## Passwords for docker-compose, generated once and never committed.
deploy/.env:
	umask 077 && $(PYTHON) -c "import secrets; print(f'ELASTIC_PASSWORD={secrets.token_urlsafe(24)}'); print(f'KIBANA_SYSTEM_PASSWORD={secrets.token_urlsafe(24)}'); [print(f'{u}_PASSWORD={secrets.token_urlsafe(24)}') for u in ('ES_WRITER', 'ES_READER', 'ES_VIEWER')]; import base64; print(f'MEDIAMON_SECRETS_KEY={base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}')" > $@

## Secrets for Kubernetes (deploy/k8s), generated once and never committed; keys as in the .example beside it.
deploy/k8s/base/mediamon-secrets.env:
	umask 077 && $(PYTHON) -c "import base64, secrets; t = lambda: secrets.token_urlsafe(24); print(f'MEDIAMON_SECRETS_KEY={base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}'); print(f'MEDIAMON_API_ADMIN_TOKEN=mm_{secrets.token_urlsafe(32)}'); [print(f'ES_{u}_PASSWORD={t()}') for u in ('WRITER', 'READER', 'VIEWER')]; print('KAFKA_USERNAME=mediamon')" > $@

## Production shape (needs a Docker engine): Kafka, Elasticsearch, Kibana, setup, poller, workers, API.
compose-up: deploy/.env
	docker compose --env-file deploy/.env up -d --build
