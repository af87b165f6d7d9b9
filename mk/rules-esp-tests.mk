# rules-esp-tests.mk — the ESP8266 driver tests link the register models they
# run the drivers against: tests/host/test_esp_<x>.c with model_esp_<x>.c
# (rules-host-tests.mk builds and lists every test_*.c; these explicit rules
# replace its generic link for the two that need a model).
ifeq ($(TARGET),host)
ESP_MODEL_TESTS := test_esp_uart test_esp_hspi test_esp_gpio test_esp_wdt

$(addprefix $(BUILD)/tests/,$(ESP_MODEL_TESTS)): $(BUILD)/tests/test_esp_%: \
		$(BUILD)/obj/tests/host/test_esp_%.c.o $(BUILD)/obj/tests/host/model_esp_%.c.o $(RUNTIME_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# The esp8266 board's boot code against the SPI0 model; the test plays the ROM.
$(BUILD)/tests/test_esp_boot: $(BUILD)/obj/tests/host/test_esp_boot.c.o $(BUILD)/obj/tests/host/model_esp_hspi.c.o \
		$(BUILD)/obj/board/esp8266/boot.c.o $(RUNTIME_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka
endif
