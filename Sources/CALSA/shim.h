#include <alsa/asoundlib.h>

/// alsa-lib prints its own "ALSA lib ..." lines to stderr through an error handler whose type
/// is variadic, which Swift can neither import nor implement. This handler, defined here in C,
/// discards them: ToneCoach reports the error codes the calls return, in its own words.
static inline void tonecoach_alsa_discard_error(const char *file, int line, const char *function, int err,
                                                const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

/// Silences alsa-lib's messages for the whole process (1), or restores them (0).
static inline int tonecoach_alsa_silence_errors(int silenced) {
    return snd_lib_error_set_handler(silenced ? tonecoach_alsa_discard_error : NULL);
}
