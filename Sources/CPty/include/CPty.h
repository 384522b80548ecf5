#ifndef CPTY_H
#define CPTY_H
/// Opens a pseudo-terminal pair; the Swift Glibc module lacks posix_openpt/ptsname. Both descriptors are close-on-exec
/// so a child process started elsewhere in the program never inherits (and so never holds open) either side of the
/// line. Returns 0 or -1 with errno set.
int cpty_open(int *master_fd, int *slave_fd, char *slave_name, unsigned long slave_name_capacity);

/// Opens a pipe whose two ends are non-blocking and close-on-exec, atomically (pipe2 is missing from the Swift Glibc
/// module). Transports use it to wake a blocked poll() when a task is cancelled. Returns 0 or -1 with errno set.
int cpty_wake_pipe(int fds[2]);
#endif
