/* profile.h - field profiles: the built-in ip ⊂ tcp ⊂ mptcp, and the configuration file's own (profile.c). */
#ifndef CR_PROFILE_H
#define CR_PROFILE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* Built-in profiles are nested: ip ⊂ tcp ⊂ mptcp. */
enum cr_profile_id {
	CR_PROFILE_IP,
	CR_PROFILE_TCP,
	CR_PROFILE_MPTCP,
};

struct cr_profile {
	const char *name;
	enum cr_profile_id id;
	const char *const *fields;	/* tshark field names, NULL-terminated */
	const char *const *prefs;	/* "name:value" for tshark -o, NULL-terminated */
	bool two_pass;			/* tshark -2 */
	const char *summary;
};

/* Profiles in nesting order, ending in a sentinel with name NULL. */
extern const struct cr_profile cr_profiles[];
const struct cr_profile *cr_profile_find(const char *name);
/* Does `big` have every field of `small`? */
bool cr_profile_covers(const struct cr_profile *big, const struct cr_profile *small);
size_t cr_profile_nfields(const struct cr_profile *p);

/*
 * A profile of the file: `base`'s fields and prefs, then the
 * extra ones not already there. It owns its name and lists;
 * cr_profile_custom_new() / cr_profile_custom_free().
 */
struct cr_profile *cr_profile_custom_new(const char *name, const struct cr_profile *base,
					 const char *const *fields, const char *const *prefs);
void cr_profile_custom_free(struct cr_profile *p);
/* Is p one of the built-in profiles? */
bool cr_profile_builtin(const struct cr_profile *p);

#endif
