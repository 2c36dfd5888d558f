/*
 * The C baselines of the loopback throughput benchmark: plain sendto/recvfrom, and sendmmsg/recvmmsg in batches of
 * 32. Same line protocol as the other implementations (see Throughput/ChildProtocol.cs):
 *   udpbench recv|mrecv                                    prints "PORT p"; stdin "reset" -> "RESET", "stop" -> "RECEIVED n -1 cpu"
 *   udpbench send|msend PORT SIZE SECONDS MAX WARMUP       warms up, prints "READY", waits for "go", sends for SECONDS
 *                                                          or MAX datagrams, prints "SENT n seconds -1 cpu"
 * Everything goes to 127.0.0.1. Built by the benchmark script with `cc -O2`.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define BATCH 32

static atomic_long received;
static long base;
static double base_cpu;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds (user + system) of the whole process. */
static double cpu(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void *control(void *arg)
{
    (void)arg;
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "reset", 5) == 0) {
            base = atomic_load_explicit(&received, memory_order_relaxed);
            base_cpu = cpu();
            printf("RESET\n");
            fflush(stdout);
        } else if (strncmp(line, "stop", 4) == 0) {
            printf("RECEIVED %ld -1 %.6f\n", atomic_load_explicit(&received, memory_order_relaxed) - base, cpu() - base_cpu);
            fflush(stdout);
            _exit(0);
        }
    }
    _exit(0);
}

static int receive(int batched)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    socklen_t len = sizeof addr;
    getsockname(fd, (struct sockaddr *)&addr, &len);
    printf("PORT %d\n", ntohs(addr.sin_port));
    fflush(stdout);
    pthread_t thread;
    pthread_create(&thread, NULL, control, NULL);

    static char buffers[BATCH][65536];
    struct sockaddr_in from[BATCH];
    struct iovec iov[BATCH];
    struct mmsghdr msgs[BATCH];
    for (int i = 0; i < BATCH; i++) {
        iov[i] = (struct iovec){ buffers[i], sizeof buffers[i] };
        msgs[i].msg_hdr = (struct msghdr){ .msg_name = &from[i], .msg_namelen = sizeof from[i], .msg_iov = &iov[i], .msg_iovlen = 1 };
    }
    long count = 0;
    for (;;) {
        if (batched) {
            for (int i = 0; i < BATCH; i++) {
                msgs[i].msg_hdr.msg_namelen = sizeof from[i];
            }
            int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
            if (n > 0) {
                count += n;
            }
        } else {
            socklen_t fromlen = sizeof from[0];
            if (recvfrom(fd, buffers[0], sizeof buffers[0], 0, (struct sockaddr *)&from[0], &fromlen) >= 0) {
                count++;
            }
        }
        atomic_store_explicit(&received, count, memory_order_relaxed);
    }
}

/* Sends for at most `seconds` and `max` datagrams; returns how many went out. */
static long send_for(int fd, int batched, const struct sockaddr_in *to, char *payload, int size, double seconds, long max)
{
    struct iovec iov = { payload, (size_t)size };
    struct mmsghdr msgs[BATCH];
    for (int i = 0; i < BATCH; i++) {
        msgs[i].msg_hdr = (struct msghdr){ .msg_name = (void *)to, .msg_namelen = sizeof *to, .msg_iov = &iov, .msg_iovlen = 1 };
    }
    double deadline = now() + seconds;
    long sent = 0;
    while (sent < max) {
        for (int i = 0; i < 8 && sent < max; i++) {
            if (batched) {
                int want = max - sent < BATCH ? (int)(max - sent) : BATCH;
                int n = sendmmsg(fd, msgs, want, 0);
                if (n > 0) {
                    sent += n;
                }
            } else {
                for (int j = 0; j < BATCH && sent < max; j++) {
                    if (sendto(fd, payload, size, 0, (const struct sockaddr *)to, sizeof *to) == size) {
                        sent++;
                    }
                }
            }
        }
        if (now() >= deadline) {
            break;
        }
    }
    return sent;
}

static int send_mode(int batched, int argc, char **argv)
{
    if (argc < 7) {
        fprintf(stderr, "usage: udpbench send|msend PORT SIZE SECONDS MAX WARMUP\n");
        return 2;
    }
    int port = atoi(argv[2]), size = atoi(argv[3]);
    double seconds = atof(argv[4]), warmup = atof(argv[6]);
    long max = atol(argv[5]);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    char *payload = calloc(1, size);
    send_for(fd, batched, &to, payload, size, warmup, max);
    printf("READY\n");
    fflush(stdout);
    char line[64];
    if (!fgets(line, sizeof line, stdin)) {
        return 1;
    }
    double start = now(), start_cpu = cpu();
    long sent = send_for(fd, batched, &to, payload, size, seconds, max);
    printf("SENT %ld %.6f -1 %.6f\n", sent, now() - start, cpu() - start_cpu);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "recv") == 0) return receive(0);
    if (argc >= 2 && strcmp(argv[1], "mrecv") == 0) return receive(1);
    if (argc >= 2 && strcmp(argv[1], "send") == 0) return send_mode(0, argc, argv);
    if (argc >= 2 && strcmp(argv[1], "msend") == 0) return send_mode(1, argc, argv);
    fprintf(stderr, "usage: udpbench recv|mrecv|send|msend ...\n");
    return 2;
}
