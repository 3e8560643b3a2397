/* fuzz-decode.c - libFuzzer target: the packet decoder on raw bytes (see harness.c). */
#include <stddef.h>
#include <stdint.h>

int cr_fuzz_decode(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return cr_fuzz_decode(data, size);
}
