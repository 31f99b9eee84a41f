/*
 * jcri's pause program: the process of a pod sandbox. It holds the pod's namespaces and does
 * nothing else: it sleeps, reaps children that are reparented to it when it is PID 1 of a shared
 * PID namespace, and exits on SIGINT or SIGTERM.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig) {
    static const char msg[] = "jcri-pause: stopping\n";
    (void)sig;
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(0);
}

static void on_child(int sig) {
    (void)sig;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    errno = saved;
}

static int install(int sig, void (*handler)(int), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "-v") == 0) {
        printf("jcri-pause\n");
        return 0;
    }
    if (getpid() != 1) {
        fprintf(stderr, "jcri-pause: warning: not PID 1, children of others will not be reaped here\n");
    }
    if (install(SIGINT, on_stop, 0) < 0 || install(SIGTERM, on_stop, 0) < 0 ||
        install(SIGCHLD, on_child, SA_NOCLDSTOP | SA_RESTART) < 0) {
        perror("jcri-pause: sigaction");
        return 1;
    }
    for (;;) {
        pause();
    }
    return 42;
}
