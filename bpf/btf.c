/*
 * btf.c — reads libbpf's BTF-defined maps out of a .BTF section: the ".maps"
 * data section's variables, their struct types and the numbers and sizes the
 * members' types carry (encoding as in the kernel's Documentation/bpf/btf.rst).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "bpf_btf.h"

/* btf.rst §2.1: the header; offsets count from its end (hdr_len). */
struct btf_header {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
};

/* btf.rst §2.2: every type starts so; info holds vlen (bits 0-15) and kind
   (bits 24-28); the last word is a size or a type id depending on the kind. */
struct btf_type {
	uint32_t name_off, info, size_or_type;
};

struct btf_array { uint32_t type, index_type, nelems; };   /* §2.2.3 */
struct btf_member { uint32_t name_off, type, offset; };    /* §2.2.4 */
struct btf_var_secinfo { uint32_t type, offset, size; };   /* §2.2.15 */

enum {
	BTF_MAGIC = 0xeb9f, BTF_VERSION = 1,
	/* btf.rst §2.2 kinds */
	KIND_INT = 1, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION, KIND_ENUM, KIND_FWD,
	KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_FUNC, KIND_FUNC_PROTO,
	KIND_VAR, KIND_DATASEC, KIND_FLOAT, KIND_DECL_TAG, KIND_TYPE_TAG, KIND_ENUM64,
	/* modifiers, typedefs and arrays followed before giving up: real map
	   definitions need a handful; a cycle in bad input needs to end */
	MAX_HOPS = 32,
};

/* Where the messages go while one map is decoded. */
struct reader {
	const struct bpf_btf *btf;
	char *log;
	size_t log_size;
	const char *map; /* the map being decoded, for messages */
};

static int fail(char *log, size_t log_size, const char *format, ...)
{
	if (log && log_size) {
		va_list ap;
		va_start(ap, format);
		vsnprintf(log, log_size, format, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static uint32_t kind_of(const struct btf_type *t)
{
	return t->info >> 24 & 0x1f;
}

static uint32_t vlen_of(const struct btf_type *t)
{
	return t->info & 0xffff;
}

/* Bytes that follow a type's common part (btf.rst §2.2, kind by kind), or -1
   for a kind this reader does not know. */
static int64_t trailing_bytes(const struct btf_type *t)
{
	uint32_t vlen = vlen_of(t);
	switch (kind_of(t)) {
	case KIND_INT: case KIND_VAR: case KIND_DECL_TAG:
		return 4;
	case KIND_ARRAY:
		return sizeof(struct btf_array);
	case KIND_STRUCT: case KIND_UNION:
		return (int64_t)vlen * sizeof(struct btf_member);
	case KIND_ENUM: case KIND_FUNC_PROTO: /* name/value and name/type pairs */
		return (int64_t)vlen * 8;
	case KIND_ENUM64: /* name, low and high value words */
		return (int64_t)vlen * 12;
	case KIND_DATASEC:
		return (int64_t)vlen * sizeof(struct btf_var_secinfo);
	case KIND_PTR: case KIND_FWD: case KIND_TYPEDEF: case KIND_VOLATILE: case KIND_CONST:
	case KIND_RESTRICT: case KIND_FUNC: case KIND_FLOAT: case KIND_TYPE_TAG:
		return 0;
	}
	return -1;
}

int bpf_btf_open(struct bpf_btf *btf, const void *data, size_t size, char *log, size_t log_size)
{
	struct btf_header h;
	const uint8_t *bytes = data;
	if (size < sizeof h)
		return fail(log, log_size, "BTF header truncated: %u bytes", (unsigned)size);
	memcpy(&h, bytes, sizeof h);
	if (h.magic != BTF_MAGIC || h.version != BTF_VERSION)
		return fail(log, log_size, "BTF: bad magic 0x%x or version %u", h.magic, h.version);
	if (h.hdr_len < sizeof h || h.hdr_len > size)
		return fail(log, log_size, "BTF header length %u outside [%u, %u]", (unsigned)h.hdr_len,
			    (unsigned)sizeof h, (unsigned)size);
	uint64_t body = size - h.hdr_len;
	if ((uint64_t)h.type_off + h.type_len > body)
		return fail(log, log_size, "BTF type section [%u, +%u) truncated: %u bytes after the header",
			    (unsigned)h.type_off, (unsigned)h.type_len, (unsigned)body);
	if ((uint64_t)h.str_off + h.str_len > body)
		return fail(log, log_size, "BTF string section [%u, +%u) truncated: %u bytes after the header",
			    (unsigned)h.str_off, (unsigned)h.str_len, (unsigned)body);
	*btf = (struct bpf_btf){
		.types = bytes + h.hdr_len + h.type_off, .types_size = h.type_len,
		.strings = (const char *)bytes + h.hdr_len + h.str_off, .strings_size = h.str_len,
	};
	/* every record must fit, so that later walks need no checks */
	for (uint32_t at = 0; at < btf->types_size;) {
		struct btf_type t;
		uint32_t id = btf->type_count + 1;
		if (btf->types_size - at < sizeof t)
			return fail(log, log_size, "BTF type %u truncated", (unsigned)id);
		memcpy(&t, btf->types + at, sizeof t);
		int64_t extra = trailing_bytes(&t);
		if (extra < 0)
			return fail(log, log_size, "BTF type %u has unknown kind %u", (unsigned)id,
				    (unsigned)kind_of(&t));
		if ((uint64_t)extra > btf->types_size - at - sizeof t)
			return fail(log, log_size, "BTF type %u truncated", (unsigned)id);
		at += sizeof t + (uint32_t)extra;
		btf->type_count = id;
	}
	return 0;
}

/* Type `id` and the offset of the data that follows it in the type section. */
static int type_at(const struct reader *r, uint32_t id, struct btf_type *t, uint32_t *data)
{
	const struct bpf_btf *b = r->btf;
	if (id == 0 || id > b->type_count)
		return fail(r->log, r->log_size, "BTF map %s: type id %u out of range (%u types)", r->map,
			    (unsigned)id, (unsigned)b->type_count);
	uint32_t at = 0;
	for (uint32_t k = 1;; k++) { /* bpf_btf_open proved every record fits */
		memcpy(t, b->types + at, sizeof *t);
		if (k == id)
			break;
		at += sizeof *t + (uint32_t)trailing_bytes(t);
	}
	*data = at + sizeof *t;
	return 0;
}

static const char *string_at(const struct bpf_btf *b, uint32_t offset)
{
	if (offset >= b->strings_size)
		return NULL;
	return memchr(b->strings + offset, 0, b->strings_size - offset) ? b->strings + offset : NULL;
}

static int name_at(const struct reader *r, uint32_t offset, const char **name)
{
	*name = string_at(r->btf, offset);
	return *name ? 0 : fail(r->log, r->log_size, "BTF map %s: name offset %u outside the string section",
				r->map, (unsigned)offset);
}

/* Follows typedefs and modifiers from `id` to the type they name. */
static int resolve(const struct reader *r, uint32_t id, struct btf_type *t, uint32_t *data)
{
	for (int hops = 0; hops < MAX_HOPS; hops++) {
		int err = type_at(r, id, t, data);
		if (err)
			return err;
		switch (kind_of(t)) {
		case KIND_TYPEDEF: case KIND_VOLATILE: case KIND_CONST: case KIND_RESTRICT: case KIND_TYPE_TAG:
			id = t->size_or_type;
			break;
		default:
			return 0;
		}
	}
	return fail(r->log, r->log_size, "BTF map %s: type chain at id %u too long (a cycle?)", r->map,
		    (unsigned)id);
}

/* Bytes a value of type `id` occupies (btf.rst §2.2: a size for INT, ENUM,
   STRUCT, UNION, FLOAT; elements times their size for ARRAY). */
static int size_of(const struct reader *r, uint32_t id, uint32_t *size)
{
	const uint32_t start = id;
	uint64_t elements = 1;
	for (int hops = 0; hops < MAX_HOPS; hops++) {
		struct btf_type t;
		uint32_t data;
		int err = resolve(r, id, &t, &data);
		if (err)
			return err;
		uint64_t element_size;
		switch (kind_of(&t)) {
		case KIND_ARRAY: {
			struct btf_array a;
			memcpy(&a, r->btf->types + data, sizeof a);
			elements *= a.nelems;
			if (elements > UINT32_MAX)
				return fail(r->log, r->log_size, "BTF map %s: type %u too large", r->map,
					    (unsigned)start);
			id = a.type;
			continue;
		}
		case KIND_PTR:
			element_size = 8; /* BPF is a 64-bit machine */
			break;
		case KIND_INT: case KIND_ENUM: case KIND_ENUM64: case KIND_STRUCT: case KIND_UNION:
		case KIND_FLOAT:
			element_size = t.size_or_type;
			break;
		default:
			return fail(r->log, r->log_size, "BTF map %s: type %u (kind %u) has no size", r->map,
				    (unsigned)id, (unsigned)kind_of(&t));
		}
		if (elements * element_size > UINT32_MAX)
			return fail(r->log, r->log_size, "BTF map %s: type %u too large", r->map, (unsigned)start);
		*size = (uint32_t)(elements * element_size);
		return 0;
	}
	return fail(r->log, r->log_size, "BTF map %s: type chain at id %u too long (a cycle?)", r->map,
		    (unsigned)id);
}

/* The pointer a member's type must be; what it points to in *target. */
static int pointer_target(const struct reader *r, const char *member, uint32_t id, uint32_t *target)
{
	struct btf_type t;
	uint32_t data;
	int err = resolve(r, id, &t, &data);
	if (err)
		return err;
	if (kind_of(&t) != KIND_PTR)
		return fail(r->log, r->log_size, "BTF map %s: member %s is not a pointer (__uint or __type)",
			    r->map, member);
	*target = t.size_or_type;
	return 0;
}

/* __uint(name, n) is int (*name)[n]: the number is the array's length. */
static int member_number(const struct reader *r, const char *member, uint32_t id, uint32_t *value)
{
	struct btf_type t;
	uint32_t data, target;
	int err = pointer_target(r, member, id, &target);
	if (!err)
		err = resolve(r, target, &t, &data);
	if (err)
		return err;
	if (kind_of(&t) != KIND_ARRAY)
		return fail(r->log, r->log_size, "BTF map %s: member %s is not a number (__uint)", r->map, member);
	struct btf_array a;
	memcpy(&a, r->btf->types + data, sizeof a);
	*value = a.nelems;
	return 0;
}

/* __type(name, T) is T *name: the size is T's. */
static int member_type_size(const struct reader *r, const char *member, uint32_t id, uint32_t *size)
{
	uint32_t target;
	int err = pointer_target(r, member, id, &target);
	return err ? err : size_of(r, target, size);
}

/* The struct type of the variable `name` in the DATASEC ".maps". */
static int find_map_struct(const struct reader *r, struct btf_type *st, uint32_t *members)
{
	const struct bpf_btf *b = r->btf;
	uint32_t at = 0;
	for (uint32_t id = 1; id <= b->type_count; id++) {
		struct btf_type t;
		memcpy(&t, b->types + at, sizeof t);
		uint32_t data = at + sizeof t;
		at = data + (uint32_t)trailing_bytes(&t);
		const char *section = string_at(b, t.name_off);
		if (kind_of(&t) != KIND_DATASEC || !section || strcmp(section, ".maps"))
			continue;
		for (uint32_t k = 0; k < vlen_of(&t); k++) {
			struct btf_var_secinfo v;
			struct btf_type var;
			uint32_t var_data;
			const char *name;
			memcpy(&v, b->types + data + k * sizeof v, sizeof v);
			int err = type_at(r, v.type, &var, &var_data);
			if (!err)
				err = kind_of(&var) == KIND_VAR
					      ? name_at(r, var.name_off, &name)
					      : fail(r->log, r->log_size, "BTF map %s: .maps entry %u is not a variable",
						     r->map, (unsigned)k);
			if (err)
				return err;
			if (strcmp(name, r->map))
				continue;
			if ((err = resolve(r, var.size_or_type, st, members)))
				return err;
			return kind_of(st) == KIND_STRUCT
				       ? 0
				       : fail(r->log, r->log_size, "BTF map %s is not a struct", r->map);
		}
	}
	return fail(r->log, r->log_size, "BTF map %s: no variable of that name in the .maps data section",
		    r->map);
}

int bpf_btf_map_def(const struct bpf_btf *btf, const char *name, struct bpf_map_def *def,
		    char *log, size_t log_size)
{
	struct reader r = {.btf = btf, .log = log, .log_size = log_size, .map = name};
	struct btf_type st;
	uint32_t members;
	int err = find_map_struct(&r, &st, &members);
	if (err)
		return err;
	/* numbers given by __uint, and sizes given by __type(key/value) */
	uint32_t key_type_size = 0, value_type_size = 0;
	bool has_type = false, has_max_entries = false, has_key_type = false, has_value_type = false;
	*def = (struct bpf_map_def){0};
	for (uint32_t k = 0; k < vlen_of(&st) && !err; k++) {
		struct btf_member m;
		const char *member;
		memcpy(&m, btf->types + members + k * sizeof m, sizeof m);
		if ((err = name_at(&r, m.name_off, &member)))
			break;
		if (!strcmp(member, "type"))
			err = member_number(&r, member, m.type, &def->type), has_type = true;
		else if (!strcmp(member, "max_entries"))
			err = member_number(&r, member, m.type, &def->max_entries), has_max_entries = true;
		else if (!strcmp(member, "map_flags"))
			err = member_number(&r, member, m.type, &def->map_flags);
		else if (!strcmp(member, "key_size"))
			err = member_number(&r, member, m.type, &def->key_size);
		else if (!strcmp(member, "value_size"))
			err = member_number(&r, member, m.type, &def->value_size);
		else if (!strcmp(member, "key"))
			err = member_type_size(&r, member, m.type, &key_type_size), has_key_type = true;
		else if (!strcmp(member, "value"))
			err = member_type_size(&r, member, m.type, &value_type_size), has_value_type = true;
		else
			err = fail(log, log_size, "BTF map %s: member %s is not supported", name, member);
	}
	if (err)
		return err;
	if (!has_type)
		return fail(log, log_size, "BTF map %s has no type", name);
	if (!has_max_entries)
		return fail(log, log_size, "BTF map %s has no max_entries", name);
	if (has_key_type && def->key_size && def->key_size != key_type_size)
		return fail(log, log_size, "BTF map %s: key_size %u but a key type of %u bytes", name,
			    (unsigned)def->key_size, (unsigned)key_type_size);
	if (has_value_type && def->value_size && def->value_size != value_type_size)
		return fail(log, log_size, "BTF map %s: value_size %u but a value type of %u bytes", name,
			    (unsigned)def->value_size, (unsigned)value_type_size);
	if (has_key_type)
		def->key_size = key_type_size;
	if (has_value_type)
		def->value_size = value_type_size;
	return 0;
}
