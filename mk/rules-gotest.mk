# rules-gotest.mk — `make gotest`: Go's own test programs ($(go env GOROOT)/test,
# the "// run" ones) built for linux/riscv64 and run through tools/gorun, or
# through GOTEST_RUNNER (e.g. qemu-riscv64, Linux user-mode emulation, the
# reference). GODEBUG, GOMAXPROCS, GOGC and GOTRACEBACK reach the programs:
#   make gotest GODEBUG=asyncpreemptoff=1
#   make gotest GOTEST_FLAGS='-only chan/ -timeout 5m'
# Not part of `make test`, which runs a sample (tests/system/gotest.sh).
GOTEST := build/tools/gotest
GOTEST_FLAGS ?=

.PHONY: gotest
gotest: $(GOTEST)
	$(Q)$(if $(GOTEST_RUNNER),,$(MAKE) -s --no-print-directory TARGET=rv64 build/rv64/gorun.elf)
	@$(GOTEST) $(GOTEST_FLAGS)

# Go keeps its caches under build/, so a CI job as root with no HOME works.
$(GOTEST): tools/gotest.go | deps
	@mkdir -p $(dir $@) build/go
	@$(if $(Q),echo "  GO      $@")
	$(Q)HOME=$(CURDIR)/build/go GOCACHE=$(CURDIR)/build/go/cache go build -o $@.tmp.$$$$ $< && mv -f $@.tmp.$$$$ $@
