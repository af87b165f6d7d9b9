/*
 * memory.c — the RAM regions of every board linked by a script of ours: the
 * page allocator gets what lies between the end of .bss and the boot stack
 * (_heap_start) and the end of the RAM region (_heap_end, or the end the
 * board found at boot, board_ram_end); a RAM snapshot
 * takes [_snapshot_start, _snapshot_end) and the linker's build-id note.
 */
#include "board.h"

extern char _heap_start[], _heap_end[], _stack_bottom[];

void board_heap(uintptr_t *start, uintptr_t *end)
{
	uintptr_t ram_end = board_ram_end();
	*start = (uintptr_t)_heap_start;
	*end = ram_end ? ram_end : (uintptr_t)_heap_end;
}

uintptr_t board_boot_stack_bottom(void)
{
	return (uintptr_t)_stack_bottom;
}

extern char _snapshot_start[], _snapshot_end[];
extern const uint32_t _build_id_note[], _build_id_note_end[];

void board_snapshot_region(uintptr_t *start, uintptr_t *end)
{
	*start = (uintptr_t)_snapshot_start;
	*end = (uintptr_t)_snapshot_end;
}

/* An ELF note: namesz, descsz, type, the name ("GNU\0") padded to a word,
   then the descriptor, the id itself (the ELF gABI's note layout). */
const uint32_t *board_build_id(uint32_t *size)
{
	if (_build_id_note_end - _build_id_note < 3) {
		*size = 0;
		return 0;
	}
	*size = _build_id_note[1];
	return _build_id_note + 3 + (_build_id_note[0] + 3) / 4;
}
