#ifndef IXAUDIT_CSYSTEM_H
#define IXAUDIT_CSYSTEM_H

/* Linux renameat2(2), which the Swift Glibc module does not expose. Each returns 0, or -1
   with errno set (EINVAL or ENOSYS where the file system or the kernel lacks it). */
int csystem_rename_exchange(const char *from, const char *to);
int csystem_rename_noreplace(const char *from, const char *to);

/* A hint that the cache line of `address` is about to be read and written (__builtin_prefetch,
   which the Swift standard library does not offer): a hash-table probe announced a few
   look-ups ahead overlaps its cache miss with the work in between. */
static inline void csystem_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
