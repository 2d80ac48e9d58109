# ixaudit — every target installs or names what it needs on a fresh Debian machine.
SHELL := /bin/bash
SWIFT ?= swift
CORPUS ?= $(or $(IXAUDIT_CORPUS),../shared/corpus)
SECONDS ?= 600
BIN := .build/release/ixaudit
APT_PACKAGES := zlib1g-dev libbz2-dev libisal-dev libssl-dev libsqlite3-dev libpq-dev

.PHONY: all build build-static test test-postgres test-tsan test-bird test-bird-tags test-openbgpd test-speakers test-browser test-study study-demo demo bench bench-large-day fuzz deps tools clean notebooks

all: build

# zlib, libbz2 and SQLite headers (CZlib, CBzip2, GRDB's SQLite): installed when missing (as root),
# otherwise the exact command is printed.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || \
	      { echo "could not install$$missing; run: apt-get update && apt-get install -y$$missing"; exit 1; }; \
	  else \
	    echo "missing:$$missing"; echo "run: sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# The reference decoder and the timing tool, for the benchmark.
tools: deps
	@missing=""; \
	command -v bgpdump >/dev/null || missing="$$missing bgpdump"; \
	command -v hyperfine >/dev/null || missing="$$missing hyperfine"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

# The Swift standard library and Foundation linked in: the one binary runs on a machine
# without Swift (Spark executors, spark/README.md) and is the one every target and CI uses
# (a second build for Spark alone took CI seven minutes).
build: deps
	$(SWIFT) build -c release --product ixaudit --static-swift-stdlib

# Unit tests, the real-corpus conformance test and the mutation test. The corpus is read from
# $(CORPUS) (IXAUDIT_CORPUS overrides); without it those tests skip and say why.
test: deps
	IXAUDIT_CORPUS=$(abspath $(CORPUS)) $(SWIFT) test -c release --disable-swift-testing

# The history's tests against a real PostgreSQL server: a throwaway cluster (initdb in a
# temporary directory, a free port of 127.0.0.1, run as the postgres user) started by
# scripts/postgres-lab/with-server.sh, which installs Debian's postgresql when missing and
# stops and removes the cluster whatever the outcome. Reuses `make test`'s build. Without
# it (plain `make test`) the PostgreSQL tests skip and say why.
test-postgres: deps
	IXAUDIT_CORPUS=$(abspath $(CORPUS)) bash scripts/postgres-lab/with-server.sh \
	  $(SWIFT) test -c release --disable-swift-testing --filter 'PostgresHistoryStoreTests|HistoryBackendsEndToEndTests'

# What runs on both cores (the sources read side by side, the analyses handed to two threads,
# the import check's halves, compression on a thread of its own) under ThreadSanitizer, in a
# debug build of its own: any data race it sees fails the run.
test-tsan: deps
	TSAN_OPTIONS=halt_on_error=1 IXAUDIT_CORPUS=$(abspath $(CORPUS)) $(SWIFT) test --sanitize=thread \
	  --scratch-path .build-tsan --disable-swift-testing \
	  --filter 'SourcesSideBySideTests|ReconstructionRulesTests|RouteChangesTests|UpdateMergeTests|DecompressionThreadTests|EachInParallelTests|SideBySideTests|CSVWriterTests|TableWritingTests|RouteServerTests|PipelineTests|AuditTests'

# BIRD 2 as a real route server (SmartHub communities and import filters) in network
# namespaces, exabgp members announcing every community mix and policy violation (one member
# with two routers); then `ixaudit simulate` on BIRD's own MRT must agree route for route, per
# receiving session and with the attributes each received, with what BIRD exported, in
# BIRD's best-route mode (= best) and with `secondary` (= per-client), prepends and blackhole
# next hops included; actions-faults.sh shows planted scheme changes are found. Needs root; installs
# bird2 and exabgp when missing; cleans up everything it starts.
test-bird: build
	@bash scripts/bird-lab/run.sh .build/bird-lab/best --mode best
	@bash scripts/bird-lab/compare.sh .build/bird-lab/best --mode best --ixaudit $(BIN)
	@bash scripts/bird-lab/actions-faults.sh .build/bird-lab/best --mode best --ixaudit $(BIN)
	@bash scripts/bird-lab/explain-check.sh .build/bird-lab/best --mode best --ixaudit $(BIN)
	@bash scripts/bird-lab/run.sh .build/bird-lab/secondary --mode secondary
	@bash scripts/bird-lab/compare.sh .build/bird-lab/secondary --mode secondary --ixaudit $(BIN)
	@bash scripts/bird-lab/explain-check.sh .build/bird-lab/secondary --mode secondary --ixaudit $(BIN)
	@$(MAKE) --no-print-directory test-bird-tags

# Tag-and-keep on the BIRD lab: rs-filter-mismatch finds nothing where BIRD's filter matches
# the policy and each planted difference where it does not (policy variants, and a run whose
# BIRD filter lacks the transit-free rule); the max-prefix count with the tagged routes kept
# agrees with BIRD's import limit. Reuses the best-mode run of test-bird.
test-bird-tags: build
	@bash scripts/bird-lab/filter-check.sh .build/bird-lab/best --ixaudit $(BIN)
	@BIRDLAB_OMIT_TAG=8 bash scripts/bird-lab/run.sh .build/bird-lab/omit8 --mode best
	@bash scripts/bird-lab/filter-check.sh .build/bird-lab/omit8 --ixaudit $(BIN)

# The same lab with OpenBGPD 7.7 (Debian openbgpd) as the route server: the same members,
# routes, import policy and communities as OpenBGPD filters; ixaudit reads its Adj-RIB-In
# (TABLE_DUMP_V2) and `dump all in` and `simulate` must agree route for route with what the
# members received, with `rde evaluate default` (--mode default) and `rde evaluate all`
# (--mode evaluate-all: the own-path stop); with reject_tags, rs-filter-mismatch on its
# untagged dump must say not run. About a minute; needs root; installs openbgpd and
# exabgp when missing; cleans up everything it starts.
test-openbgpd: build
	@bash scripts/bird-lab/run.sh .build/openbgpd-lab/default --rs openbgpd --mode default
	@bash scripts/bird-lab/compare.sh .build/openbgpd-lab/default --mode default --ixaudit $(BIN)
	@bash scripts/bird-lab/filter-check.sh .build/openbgpd-lab/default --ixaudit $(BIN)
	@bash scripts/bird-lab/run.sh .build/openbgpd-lab/all --rs openbgpd --mode all
	@bash scripts/bird-lab/compare.sh .build/openbgpd-lab/all --mode all --ixaudit $(BIN)

# OpenBGPD, FRR, GoBGP and BIRD 2 as real route servers in network namespaces
# (scripts/speaker-lab, about a minute: GoBGP dumps its table once a minute), each with exabgp
# members over IPv4 and IPv6, some with ADD-PATH, write their MRT: OpenBGPD TABLE_DUMP,
# TABLE_DUMP_V2 and BGP4MP_ENTRY and its received UPDATEs; FRR `dump bgp all` (the IPv6
# ADD-PATH UPDATEs of a session over IPv4 as plain BGP4MP messages) and `routes-mrt`; GoBGP its
# `[[mrt-dump]]` table and updates; BIRD `mrtdump` and its table dumps. The decoder must give
# exactly the routes each speaker's CLI reported (bgpctl, vtysh, gobgp, birdc), as it does for
# the committed fixtures. Needs root; installs the speakers and exabgp when missing.
SPEAKER_TESTS := SpeakerFixtureTests|FRRFixtureTests|GoBGPFixtureTests|BIRDFixtureTests
test-speakers: deps
	@rm -rf .build/speaker-lab/live
	@bash scripts/speaker-lab/run.sh .build/speaker-lab/live
	IXAUDIT_SPEAKER_FIXTURES=$(abspath .build/speaker-lab/live) $(SWIFT) test -c release --disable-swift-testing --filter '$(SPEAKER_TESTS)'

# The sample day's report in a real browser (scripts/browser-test): headless Chromium without
# network loads index.html and a member's review page; any console message, any request that
# is not a file, any link to nothing fails it, and planted faults must fail the check. The
# screenshots, DOMs and logs are left in .build/test-artefacts/browser. Needs root; installs
# Debian's chromium and python3 when missing.
test-browser: build
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v python3 >/dev/null || missing="$$missing python3"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || \
	      { echo "could not install$$missing; run: apt-get update && apt-get install -y$$missing"; exit 1; }; \
	  else echo "run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi
	@bash scripts/browser-test/run.sh $(BIN) .build/test-artefacts/browser

demo: build
	@bash scripts/demo.sh $(BIN)

# Studies on Apache Spark (spark/README.md): the binary shipped to the executors carries the
# Swift standard library (`make build`), so they need no Swift; spark/setup.sh installs Java 17
# (Debian) and PySpark (PyPI, pinned) on first use. `build-static` is kept as another name.
build-static: build

study-demo: build
	@bash spark/demo.sh $(BIN)

# A study of 2 IXPs x 3 nights on Spark local[2] and on a standalone cluster started on
# localhost, each checked against the same nights run one by one with `ixaudit report`.
test-study: build
	bash spark/test-study.sh $(BIN)

# Runs every shell block of notebooks-md/*.md and writes what it prints into the output block
# after it (`make test` fails when a notebook shows an output the commands no longer print).
notebooks: deps
	NOTEBOOKS_UPDATE=1 $(SWIFT) test -c release --disable-swift-testing --filter NotebookTests

bench: build tools
	@bash scripts/bench.sh $(BIN) $(CORPUS)
	@bash scripts/bench-large-day.sh $(BIN) $(CORPUS)

# The realistic large day alone (the second half of make bench).
bench-large-day: build tools
	@bash scripts/bench-large-day.sh $(BIN) $(CORPUS)

# libFuzzer on the record decoder, seeded with the corpus; crashes land in fuzz-artifacts/.
fuzz: deps
	$(SWIFT) build -c release --product MRTFuzz --sanitize=fuzzer --scratch-path .build-fuzz
	@mkdir -p fuzz-artifacts .build-fuzz/seeds .build-fuzz/corpus
	@for f in $(CORPUS)/mrt/* Tests/MRTTests/Fixtures/ris-archive/*.gz; do [ -f "$$f" ] && gzip -dc "$$f" | head -c 65536 > .build-fuzz/seeds/$$(basename $$f .gz); done; true
	@# The first 16 kB of each gzip file as it is: a member cut short, for the gzip input.
	@for f in $(CORPUS)/mrt/*.gz Tests/MRTTests/Fixtures/ris-archive/*.gz; do [ -f "$$f" ] && head -c 16384 "$$f" > .build-fuzz/seeds/$$(basename $$f).cut; done; true
	@echo "fuzzing for $(SECONDS) s; full log in .build-fuzz/fuzz.log"
	@.build-fuzz/release/MRTFuzz -max_total_time=$(SECONDS) -max_len=65536 -artifact_prefix=fuzz-artifacts/ \
	  -print_final_stats=1 .build-fuzz/corpus .build-fuzz/seeds > .build-fuzz/fuzz.log 2>&1; status=$$?; \
	  grep -E "^#[0-9]+[[:space:]]+(pulse|DONE|REDUCE|NEW|INITED)" .build-fuzz/fuzz.log | tail -n 1; \
	  grep -E "^(stat::|Done|==[0-9]+==|SUMMARY)" .build-fuzz/fuzz.log; \
	  ls fuzz-artifacts | sed 's/^/crash input: fuzz-artifacts\//'; exit $$status

clean:
	rm -rf .build .build-fuzz
