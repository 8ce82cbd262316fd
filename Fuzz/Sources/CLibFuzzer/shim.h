// libFuzzer's driver, linked in by `-sanitize=fuzzer`. SwiftPM gives every executable its own
// entry point, so each fuzzer's `main` hands its input function to the driver.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
