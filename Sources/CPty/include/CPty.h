#ifndef CPTY_H
#define CPTY_H
/// Opens a pseudo-terminal pair; the Swift Glibc module lacks posix_openpt/ptsname. Returns 0 or -1 with errno set.
int cpty_open(int *master_fd, int *slave_fd, char *slave_name, unsigned long slave_name_capacity);
#endif
