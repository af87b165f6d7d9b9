# rules-tools.mk — the host tools (tools/<name>.c plus the shared ELF reader),
# built with the host gcc into build/tools/ whatever the TARGET, since lx106
# links need them; and `make image` / `make size` for the ESP8266 demo.
HOSTCC := gcc
TOOLS_DIR := build/tools
TOOLS := $(addprefix $(TOOLS_DIR)/,esp-image size-report)
TOOL_MODULES := tools/elf.c
EXTRA_ALL += $(TOOLS)

# Built under a temporary name and renamed: a link that runs a tool while
# another make rebuilds it never sees half a binary.
$(TOOLS): $(TOOLS_DIR)/%: tools/%.c $(TOOL_MODULES) $(TOOL_MODULES:.c=.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -o $@.tmp.$$$$ $< $(TOOL_MODULES) && mv -f $@.tmp.$$$$ $@

# The images are the chip's, so image and size always mean TARGET=esp8266.
ifeq ($(TARGET),esp8266)
# Flash settings written into the image header (esp-image elf2image's
# options); dio at 40m works on most modules, and the layout uses 1 MiB.
IMAGE_FLASH ?= --flash-mode dio --flash-size 1M --flash-freq 40m
# 0x10000: irom0 starts at 0x40210000 in board/esp8266/layout.ld
IMAGE_FILES := $(BUILD)/demo-0x00000.bin $(BUILD)/demo-0x10000.bin

image: $(BUILD)/demo-flash.bin

$(IMAGE_FILES) &: $(BUILD)/demo.elf $(TOOLS_DIR)/esp-image
	@$(if $(Q),echo "  IMAGE   $(BUILD)/demo-0x*.bin")
	$(Q)$(TOOLS_DIR)/esp-image elf2image $(IMAGE_FLASH) -o $(BUILD)/demo- $< >/dev/null

$(BUILD)/demo-flash.bin: $(IMAGE_FILES) $(TOOLS_DIR)/esp-image
	@$(if $(Q),echo "  MERGE   $@")
	$(Q)$(TOOLS_DIR)/esp-image merge -o $@ 0x0 $(word 1,$(IMAGE_FILES)) 0x10000 $(word 2,$(IMAGE_FILES)) >/dev/null

size: $(BUILD)/demo.elf $(TOOLS_DIR)/size-report
	@$(TOOLS_DIR)/size-report $<
else
image size:
	@$(MAKE) --no-print-directory TARGET=esp8266 $@
endif
