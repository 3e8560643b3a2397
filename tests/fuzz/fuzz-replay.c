/* fuzz-replay.c - runs fuzz inputs (files or folders) through a harness without libFuzzer: regression replay. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay(const char *path)
{
	char *data;
	gsize len;

	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		GDir *d = g_dir_open(path, 0, NULL);
		const char *name;
		int n = 0;
		while (d && (name = g_dir_read_name(d))) {
			char *p = g_build_filename(path, name, NULL);
			n += replay(p);
			g_free(p);
		}
		if (d)
			g_dir_close(d);
		return n;
	}
	if (!g_file_get_contents(path, &data, &len, NULL)) {
		fprintf(stderr, "fuzz-replay: cannot read '%s'\n", path);
		return 0;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	g_free(data);
	return 1;
}

int main(int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++)
		n += replay(argv[i]);
	printf("replayed %d inputs\n", n);
	return 0;
}
