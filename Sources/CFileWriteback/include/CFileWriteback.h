#ifndef CFILEWRITEBACK_H
#define CFILEWRITEBACK_H

/// Asks the kernel to start writing the dirty pages of bytes [offset, offset + count) of an open
/// file back to disk, without waiting for them (Linux's sync_file_range with
/// SYNC_FILE_RANGE_WRITE). Returns 0, or -1 with errno set; a no-op returning 0 elsewhere.
int cfw_start_writeback(int fd, long long offset, long long count);

#endif
