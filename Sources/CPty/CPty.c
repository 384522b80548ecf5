#define _GNU_SOURCE
#include <pty.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include "CPty.h"

int cpty_open(int *master_fd, int *slave_fd, char *slave_name, unsigned long slave_name_capacity) {
    char name[256];
    if (openpty(master_fd, slave_fd, name, NULL, NULL) != 0) return -1;
    if (strlen(name) + 1 > slave_name_capacity) {
        close(*master_fd);
        close(*slave_fd);
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(slave_name, name);
    return 0;
}
