/* fuzz-capfile.c - libFuzzer target: whole capture files through the native engine (see harness.c). */
#include <stddef.h>
#include <stdint.h>

int cr_fuzz_capfile(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return cr_fuzz_capfile(data, size);
}
