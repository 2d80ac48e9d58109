#include <isa-l/igzip_lib.h>

/* What Swift cannot import from igzip_lib.h: the level-1 buffer size is a macro built of
   macros, and the end of a stream is a field of the internal state. */
static inline uint32_t cisal_level1_buffer_size(void) { return ISAL_DEF_LVL1_DEFAULT; }
static inline int cisal_stream_ended(const struct isal_zstream *stream) {
    return stream->internal_state.state == ZSTATE_END;
}
