#define _GNU_SOURCE
#include <pty.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "CPty.h"

int cpty_open(int *master_fd, int *slave_fd, char *slave_name, unsigned long slave_name_capacity) {
    char name[256];
    if (openpty(master_fd, slave_fd, name, NULL, NULL) != 0) return -1;
    if (strlen(name) + 1 > slave_name_capacity
        || fcntl(*master_fd, F_SETFD, FD_CLOEXEC) != 0
        || fcntl(*slave_fd, F_SETFD, FD_CLOEXEC) != 0) {
        int saved = strlen(name) + 1 > slave_name_capacity ? ENAMETOOLONG : errno;
        close(*master_fd);
        close(*slave_fd);
        errno = saved;
        return -1;
    }
    strcpy(slave_name, name);
    return 0;
}

int cpty_wake_pipe(int fds[2]) {
    return pipe2(fds, O_NONBLOCK | O_CLOEXEC);
}
