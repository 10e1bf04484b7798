# Two entry points: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
APT_PACKAGES := libopenblas-dev zlib1g-dev libssl-dev libhdf5-dev pkg-config
PY_PACKAGES := numpy scipy scikit-learn wfdb safetensors h5py tensorboard fonttools
VENV := .venv
TORCH_WHEEL := $(firstword $(wildcard /opt/wheels/torch-*cpu*.whl))
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: demo test deps venv build bench fuzz clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != "0" ]; then \
	    echo "error: missing system packages:$$missing — run as root or: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The test oracles (numpy, wfdb, scikit-learn, safetensors, torch) live in a git-ignored venv;
# the product itself never runs Python.
# The stamp names the package list, so adding an oracle package updates an existing venv too.
VENV_STAMP := $(VENV)/.packages-$(shell echo '$(PY_PACKAGES) $(notdir $(TORCH_WHEEL))' | md5sum | cut -c1-12)
venv: $(VENV_STAMP)
$(VENV_STAMP):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check $(PY_PACKAGES)
	@if [ -n "$(TORCH_WHEEL)" ]; then $(VENV)/bin/pip install -q --disable-pip-version-check "$(TORCH_WHEEL)"; \
	 else echo "note: no CPU torch wheel under /opt/wheels; torch-based oracles will be skipped"; fi
	rm -f $(VENV)/.packages-* $(VENV)/.done
	touch $@

build: deps
	swift build -c release

# The Slurm cluster tests start a one-node cluster (scripts/slurm-test-cluster.sh), as root only:
# its packages are installed here with the rest, so no test waits on apt-get.
test: APT_PACKAGES += $(if $(filter 0,$(shell id -u)),slurm-wlm munge)
# The report tests' oracles: librsvg renders the SVGs, fontconfig finds the font they name,
# pdflatex (booktabs) compiles results.tex and poppler reads its numbers back.
test: APT_PACKAGES += librsvg2-bin fonts-dejavu-core fontconfig texlive-latex-recommended poppler-utils

# scripts/run-tests.sh runs one XCTest process per test class, two at a time, and closes with
# 'N passed, N failed, N skipped' (SwiftPM's parallel runner does not report skips).
test: deps venv
	swift build --build-tests
	scripts/run-tests.sh

SYNTHETIC := data/synthetic/ptbxl/ptbxl_database.csv

# The embedded default: generated once (seeded), then every stage is cached, so a second
# `make demo` only re-prints the table; an interrupted one resumes where it stopped.
demo: deps build $(SYNTHETIC)
	.build/release/runexp run experiments/demo.yaml
	.build/release/runexp report experiments/demo.yaml

$(SYNTHETIC):
	rm -rf data/synthetic
	.build/release/runexp dataset synth --out data/synthetic --seed 0

# Swift beside PyTorch in alternating rounds (scripts/bench.py); `make bench BENCH_ARGS="--only
# models --rounds 5"`. `.build/release/bench [name...]` prints the Swift figures alone.
BENCH_ARGS ?=
bench: deps venv build
	$(VENV)/bin/python scripts/bench.py $(BENCH_ARGS)

# Coverage-guided fuzzing of every parser (not part of `make test`, which only replays the
# committed seeds and crash inputs): `make fuzz FUZZ_SECONDS=60 FUZZ_TARGETS="yaml zip"`.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?=
fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf .build $(VENV)
