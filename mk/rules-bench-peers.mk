# rules-bench-peers.mk — the host's malloc peers for bench/core.sh: one
# program (bench/peer/malloc.c) linked against each allocator, so glibc's
# malloc, tcmalloc and jemalloc are each measured in a process of their own.
# The run-time libraries are linked by soname: no -dev package needed.
ifeq ($(TARGET),host)
BENCH_PEERS := $(addprefix $(BUILD)/bench-peer-,glibc tcmalloc jemalloc)
EXTRA_ALL += $(BENCH_PEERS)
peer_lib_glibc :=
peer_lib_tcmalloc := -l:libtcmalloc_minimal.so.4
peer_lib_jemalloc := -l:libjemalloc.so.2
peer_file_glibc := libc.so
peer_file_tcmalloc := libtcmalloc_minimal.so
peer_file_jemalloc := libjemalloc.so

$(BUILD)/bench-peer-%: bench/peer/malloc.c bench/host/time_op.h | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)gcc -std=gnu11 -O2 -Wall -Wextra -Werror -DPEER_NAME='"$*"' -DPEER_LIBRARY='"$(peer_file_$*)"' \
		-o $@ $< $(peer_lib_$*) -ldl
endif
