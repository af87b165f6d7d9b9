# rules-host-tests.mk — host unit tests (cmocka) and the ring stress test.
# tests/host/test_<name>.c becomes build/host/tests/test_<name>, linked with
# the host runtime; stress_ring runs the ring under ThreadSanitizer.
ifeq ($(TARGET),host)
HOST_TESTS := $(basename $(notdir $(wildcard tests/host/test_*.c)))
HOST_TEST_BINS := $(addprefix $(BUILD)/tests/,$(HOST_TESTS) stress_ring)
EXTRA_ALL += $(HOST_TEST_BINS)

$(BUILD)/tests/test_%: $(BUILD)/obj/tests/host/test_%.c.o $(RUNTIME_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(BUILD)/tests/stress_ring: tests/host/stress_ring.c kernel/ring.c | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC+TSAN $@")
	$(Q)$(CC) $(CFLAGS) -fsanitize=thread -o $@ $^
endif
