#ifndef IXAUDIT_CSYSTEM_H
#define IXAUDIT_CSYSTEM_H

/* Linux renameat2(2), which the Swift Glibc module does not expose. Each returns 0, or -1
   with errno set (EINVAL or ENOSYS where the file system or the kernel lacks it). */
int csystem_rename_exchange(const char *from, const char *to);
int csystem_rename_noreplace(const char *from, const char *to);

#endif
