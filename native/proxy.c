/*
 * kube-playground service proxy: runs as one container on the playground's pod network and
 * gives Services their ClusterIPs there (kube-proxy's job) plus the cluster DNS (kube-dns).
 *
 *  - Holds every ClusterIP as an address alias on eth0 (needs CAP_NET_ADMIN); pods reach it
 *    because the network's subnet covers 10.96.0.0/12, so they ARP for it on the bridge.
 *  - TCP: one listener per (ClusterIP, port); each accepted connection goes to the next ready
 *    endpoint (round robin) and is relayed by a thread. UDP services are not proxied.
 *  - DNS on <own IP>:53 (UDP and TCP): A, CNAME from the table; other names under the cluster
 *    domain get NXDOMAIN; anything else is forwarded to the container's own resolver
 *    (Docker's embedded DNS), so pods still resolve the outside world.
 *  - A "dial" port (argv[2], default 1080) for the host when it has no route to container IPs
 *    (Docker Desktop): the client writes "<ip> <port>\n" and then the stream is relayed.
 *  - Configuration: a text file (argv[1]) re-read on SIGHUP and when its mtime changes:
 *      addr <ip>                         hold this address
 *      svc <ip> <port> <ip:port>...      TCP service port and its ready endpoints
 *      a <name> <ip>                     DNS A record (repeat for several)
 *      cname <name> <target>             DNS CNAME
 * Not implemented: UDP/SCTP services, session affinity, SRV/PTR records, IPv6.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAXB 64
#define BUF 65536

typedef struct { uint32_t ip; uint16_t port; } ep_t;
typedef struct { uint32_t ip; uint16_t port; int fd; int nb; unsigned rr; ep_t b[MAXB]; } svc_t;
typedef struct { char name[256]; char target[256]; uint32_t ip; int cname; } rec_t;

static svc_t *svcs; static int nsvc;
static rec_t *recs; static int nrec;
static uint32_t *addrs; static int naddr, nalias;
static const char *conf_path = "/config/proxy.conf";
static int dial_port = 1080;
static volatile sig_atomic_t hup = 1;
static uint32_t upstream;
static int udp53 = -1, tcp53 = -1, dialfd = -1;
static time_t conf_mtime; static long conf_nsec;

static void on_hup(int s) { (void)s; hup = 1; }
static void on_term(int s) { (void)s; _exit(0); }

static int listen_on(uint32_t ip, uint16_t port, int type) {
  int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0), one = 1;
  if (fd < 0) return -1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = ip };
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || (type == SOCK_STREAM && listen(fd, 512) < 0)) {
    fprintf(stderr, "proxy: listen %s:%u: %s\n", inet_ntoa(a.sin_addr), port, strerror(errno));
    close(fd); return -1;
  }
  return fd;
}

/* eth0:<n> alias with a /32: enough for the kernel to answer ARP for the address. */
static void hold_addr(uint32_t ip) {
  for (int i = 0; i < naddr; i++) if (addrs[i] == ip) return;
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct ifreq r; memset(&r, 0, sizeof r);
  struct sockaddr_in own; socklen_t ol = sizeof own;
  /* the container's primary address needs no alias */
  if (udp53 >= 0 && getsockname(udp53, (struct sockaddr *)&own, &ol) == 0 && own.sin_addr.s_addr == ip) goto keep;
  snprintf(r.ifr_name, IFNAMSIZ, "eth0:%u", (unsigned)(++nalias % 1000000));
  struct sockaddr_in *a = (struct sockaddr_in *)&r.ifr_addr;
  a->sin_family = AF_INET; a->sin_addr.s_addr = ip;
  if (ioctl(s, SIOCSIFADDR, &r) < 0) { fprintf(stderr, "proxy: add address %s: %s\n", inet_ntoa(a->sin_addr), strerror(errno)); close(s); return; }
  a->sin_addr.s_addr = 0xffffffff;
  ioctl(s, SIOCSIFNETMASK, &r);
keep:
  close(s);
  addrs = realloc(addrs, sizeof *addrs * (naddr + 1)); addrs[naddr++] = ip;
}

static int parse_ep(const char *t, ep_t *e) {
  char ip[64]; const char *c = strrchr(t, ':');
  if (!c || c - t >= 63) return 0;
  memcpy(ip, t, c - t); ip[c - t] = 0;
  struct in_addr a; if (!inet_aton(ip, &a)) return 0;
  e->ip = a.s_addr; e->port = (uint16_t)atoi(c + 1); return 1;
}

static void lower(char *s) { for (; *s; s++) if (*s >= 'A' && *s <= 'Z') *s += 32; }

static void load(void) {
  FILE *f = fopen(conf_path, "r");
  if (!f) { fprintf(stderr, "proxy: %s: %s\n", conf_path, strerror(errno)); return; }
  struct stat st; if (fstat(fileno(f), &st) == 0) { conf_mtime = st.st_mtim.tv_sec; conf_nsec = st.st_mtim.tv_nsec; }
  svc_t *ns = NULL; int nns = 0; rec_t *nr = NULL; int nnr = 0;
  char line[8192];
  while (fgets(line, sizeof line, f)) {
    char *save, *k = strtok_r(line, " \t\r\n", &save);
    if (!k) continue;
    if (!strcmp(k, "addr")) {
      char *ip = strtok_r(NULL, " \t\r\n", &save); struct in_addr a;
      if (ip && inet_aton(ip, &a)) hold_addr(a.s_addr);
    } else if (!strcmp(k, "svc")) {
      char *ip = strtok_r(NULL, " \t\r\n", &save), *port = strtok_r(NULL, " \t\r\n", &save), *t; struct in_addr a;
      if (!ip || !port || !inet_aton(ip, &a)) continue;
      ns = realloc(ns, sizeof *ns * (nns + 1)); svc_t *s = &ns[nns++]; memset(s, 0, sizeof *s);
      s->ip = a.s_addr; s->port = (uint16_t)atoi(port); s->fd = -1;
      while ((t = strtok_r(NULL, " \t\r\n", &save)) && s->nb < MAXB) if (parse_ep(t, &s->b[s->nb])) s->nb++;
    } else if (!strcmp(k, "a") || !strcmp(k, "cname")) {
      char *n = strtok_r(NULL, " \t\r\n", &save), *v = strtok_r(NULL, " \t\r\n", &save);
      if (!n || !v || strlen(n) > 250 || strlen(v) > 250) continue;
      nr = realloc(nr, sizeof *nr * (nnr + 1)); rec_t *r = &nr[nnr++]; memset(r, 0, sizeof *r);
      strcpy(r->name, n); lower(r->name);
      if (k[0] == 'c') { r->cname = 1; strcpy(r->target, v); }
      else { struct in_addr a; if (!inet_aton(v, &a)) { nnr--; continue; } r->ip = a.s_addr; }
    }
  }
  fclose(f);
  /* keep listeners (and round-robin position) of ports that stay; open the new ones */
  for (int i = 0; i < nns; i++)
    for (int j = 0; j < nsvc; j++)
      if (svcs[j].fd >= 0 && svcs[j].ip == ns[i].ip && svcs[j].port == ns[i].port) { ns[i].fd = svcs[j].fd; ns[i].rr = svcs[j].rr; svcs[j].fd = -1; break; }
  for (int j = 0; j < nsvc; j++) if (svcs[j].fd >= 0) close(svcs[j].fd);
  for (int i = 0; i < nns; i++) if (ns[i].fd < 0) { hold_addr(ns[i].ip); ns[i].fd = listen_on(ns[i].ip, ns[i].port, SOCK_STREAM); }
  free(svcs); svcs = ns; nsvc = nns;
  free(recs); recs = nr; nrec = nnr;
}

static void conf_changed(void) {
  struct stat st;
  if (stat(conf_path, &st) == 0 && (st.st_mtim.tv_sec != conf_mtime || st.st_mtim.tv_nsec != conf_nsec)) hup = 1;
}

/* ---------- TCP relay ---------- */

struct pair { int a, b; };

static int write_all(int fd, const char *p, ssize_t n) {
  while (n > 0) { ssize_t w = write(fd, p, n); if (w < 0) { if (errno == EINTR) continue; return -1; } p += w; n -= w; }
  return 0;
}

static void relay(int a, int b) {
  char *buf = malloc(BUF); int open_a = 1, open_b = 1;
  while (open_a || open_b) {
    struct pollfd p[2] = { { a, open_a ? POLLIN : 0, 0 }, { b, open_b ? POLLIN : 0, 0 } };
    if (poll(p, 2, -1) < 0) { if (errno == EINTR) continue; break; }
    for (int i = 0; i < 2; i++) {
      int from = i ? b : a, to = i ? a : b;
      if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(from, buf, BUF);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) { shutdown(to, SHUT_WR); if (i) open_b = 0; else open_a = 0; if (n < 0) goto done; continue; }
      if (write_all(to, buf, n) < 0) goto done;
    }
  }
done:
  free(buf); close(a); close(b);
}

static int dial(uint32_t ip, uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = ip };
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct timeval tv = { 3, 0 }; setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { close(fd); return -1; }
  struct timeval z = { 0, 0 }; setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &z, sizeof z);
  return fd;
}

struct svc_conn { int fd; int nb; ep_t b[MAXB]; unsigned start; };

static void *svc_thread(void *arg) {
  struct svc_conn *c = arg; int up = -1;
  for (int i = 0; i < c->nb && up < 0; i++) { ep_t *e = &c->b[(c->start + i) % c->nb]; up = dial(e->ip, e->port); }
  if (up < 0) close(c->fd); else relay(c->fd, up);
  free(c); return NULL;
}

/* The host's way in without a route: "<ip> <port>\n", then bytes. */
static void *dial_thread(void *arg) {
  int fd = (int)(intptr_t)arg; char line[128]; size_t n = 0;
  while (n < sizeof line - 1) { ssize_t r = read(fd, line + n, 1); if (r <= 0) { close(fd); return NULL; } if (line[n++] == '\n') break; }
  line[n] = 0;
  char ip[64]; unsigned port; struct in_addr a;
  if (sscanf(line, "%63s %u", ip, &port) != 2 || !inet_aton(ip, &a)) { close(fd); return NULL; }
  int up = dial(a.s_addr, (uint16_t)port);
  if (up < 0) { close(fd); return NULL; }
  relay(fd, up);
  return NULL;
}

static void spawn(void *(*fn)(void *), void *arg) {
  pthread_t t; pthread_attr_t at; pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED); pthread_attr_setstacksize(&at, 128 * 1024);
  if (pthread_create(&t, &at, fn, arg) != 0) perror("proxy: thread");
  pthread_attr_destroy(&at);
}

/* ---------- DNS ---------- */

static int qname(const unsigned char *m, int len, int off, char *out) {
  int o = 0;
  while (off < len && m[off]) {
    int l = m[off++]; if (l > 63 || off + l > len || o + l + 1 > 254) return -1;
    if (o) out[o++] = '.';
    memcpy(out + o, m + off, l); o += l; off += l;
  }
  if (off >= len) return -1;
  out[o] = 0; lower(out); return off + 1;
}

static int put_name(unsigned char *p, const char *name) {
  int o = 0; const char *s = name;
  while (*s) { const char *d = strchr(s, '.'); int l = d ? (int)(d - s) : (int)strlen(s); if (l > 63) l = 63; p[o++] = l; memcpy(p + o, s, l); o += l; s += l; if (*s == '.') s++; }
  p[o++] = 0; return o;
}

static int put_rr(unsigned char *p, const unsigned char *owner, int olen, uint16_t type, const unsigned char *rd, int rdlen) {
  memcpy(p, owner, olen); int o = olen;
  p[o++] = type >> 8; p[o++] = type; p[o++] = 0; p[o++] = 1;
  p[o++] = 0; p[o++] = 0; p[o++] = 0; p[o++] = 5; /* TTL 5 s: endpoints move */
  p[o++] = rdlen >> 8; p[o++] = rdlen; memcpy(p + o, rd, rdlen); return o + rdlen;
}

static int ends_with(const char *s, const char *suf) { size_t a = strlen(s), b = strlen(suf); return a >= b && !strcmp(s + a - b, suf) && (a == b || s[a - b - 1] == '.'); }

/* Set by answer(): the CNAME target lies outside the table and its addresses must be asked upstream. */
static __thread char chase[256];

/* Answers from the table into out; -1 when the name is not ours (forward it). */
static int answer(const unsigned char *q, int qlen, unsigned char *out) {
  chase[0] = 0;
  if (qlen < 12 || q[4] || q[5] != 1) return -1;
  char name[256]; int end = qname(q, qlen, 12, name);
  if (end < 0 || end + 4 > qlen) return -1;
  uint16_t qtype = (q[end] << 8) | q[end + 1];
  int qend = end + 4, found = 0, an = 0, o = qend;
  memcpy(out, q, qend);
  unsigned char own[2] = { 0xc0, 12 };
  const char *lookup = name; unsigned char tgt[260]; int tl = 0;
  for (int i = 0; i < nrec; i++) if (!strcmp(recs[i].name, name) && recs[i].cname) {
    found = 1; tl = put_name(tgt, recs[i].target);
    if (qtype == 5 || qtype == 1 || qtype == 255) { o = put_rr(out + o, own, 2, 5, tgt, tl) + o; an++; }
    lookup = recs[i].target;
    int inside = 0;
    for (int j = 0; j < nrec; j++) if (!strcmp(recs[j].name, lookup)) inside = 1;
    if (!inside && (qtype == 1 || qtype == 28)) snprintf(chase, sizeof chase, "%s", lookup);
    break;
  }
  for (int i = 0; i < nrec; i++) if (!recs[i].cname && !strcmp(recs[i].name, lookup)) {
    found = 1;
    if ((qtype == 1 || qtype == 255) && o < 480) { o = put_rr(out + o, lookup == name ? own : tgt, lookup == name ? 2 : tl, 1, (unsigned char *)&recs[i].ip, 4) + o; an++; }
  }
  if (!found && !ends_with(name, "cluster.local")) return -1;
  out[2] = 0x84 | (q[2] & 0x79); /* QR, AA, opcode and RD copied */
  out[3] = 0x80 | (found ? 0 : 3); /* RA; NXDOMAIN when unknown */
  out[6] = an >> 8; out[7] = an; out[8] = out[9] = out[10] = out[11] = 0;
  return o;
}

static int forward(const unsigned char *q, int qlen, unsigned char *out, int cap) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(53), .sin_addr.s_addr = upstream };
  struct timeval tv = { 2, 0 }; setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  int n = -1;
  if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0 && send(fd, q, qlen, 0) == qlen) n = recv(fd, out, cap, 0);
  close(fd); return n;
}

static int skip_name(const unsigned char *m, int len, int off) {
  while (off < len) {
    if ((m[off] & 0xc0) == 0xc0) return off + 2;
    if (!m[off]) return off + 1;
    off += m[off] + 1;
  }
  return -1;
}

/* ExternalName to an outside name: ask upstream for the target's addresses and append them
 * (owner = the target) after our CNAME, as CoreDNS does; stub resolvers do not chase CNAMEs. */
static int chase_cname(unsigned char *out, int n, const char *target, uint16_t qtype) {
  unsigned char q[300], r[1500];
  memset(q, 0, 12); q[0] = 0x4b; q[1] = 0x50; q[2] = 1; q[5] = 1;
  int tl = put_name(q + 12, target), ql = 12 + tl;
  q[ql++] = qtype >> 8; q[ql++] = qtype; q[ql++] = 0; q[ql++] = 1;
  int rl = forward(q, ql, r, sizeof r);
  if (rl < 12) return n;
  int an = (r[6] << 8) | r[7], off = skip_name(r, rl, 12);
  if (off < 0) return n;
  off += 4;
  int added = 0;
  for (int i = 0; i < an && off > 0 && off < rl; i++) {
    off = skip_name(r, rl, off);
    if (off < 0 || off + 10 > rl) break;
    uint16_t type = (r[off] << 8) | r[off + 1]; int rdl = (r[off + 8] << 8) | r[off + 9];
    if (off + 10 + rdl > rl) break;
    if (type == qtype && n + tl + 10 + rdl < 1400) { n += put_rr(out + n, q + 12, tl, type, r + off + 10, rdl); added++; }
    off += 10 + rdl;
  }
  int total = ((out[6] << 8) | out[7]) + added;
  out[6] = total >> 8; out[7] = total;
  return n;
}

struct fwd { unsigned char q[1500]; int qlen; struct sockaddr_in from; };

struct chase_job { unsigned char out[1500]; int n; char target[256]; uint16_t qtype; struct sockaddr_in from; };

static void *chase_thread(void *arg) {
  struct chase_job *j = arg;
  int n = chase_cname(j->out, j->n, j->target, j->qtype);
  sendto(udp53, j->out, n, 0, (struct sockaddr *)&j->from, sizeof j->from);
  free(j); return NULL;
}

static void *fwd_thread(void *arg) {
  struct fwd *f = arg; unsigned char out[4096];
  int n = forward(f->q, f->qlen, out, sizeof out);
  if (n > 0) sendto(udp53, out, n, 0, (struct sockaddr *)&f->from, sizeof f->from);
  free(f); return NULL;
}

static void *tcpdns_thread(void *arg) {
  int fd = (int)(intptr_t)arg; unsigned char q[1500], out[4096], l[2];
  struct timeval tv = { 5, 0 }; setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  while (recv(fd, l, 2, MSG_WAITALL) == 2) {
    int ql = (l[0] << 8) | l[1];
    if (ql > (int)sizeof q || recv(fd, q, ql, MSG_WAITALL) != ql) break;
    /* the table may change under us: TCP DNS is rare, a stale read is harmless here */
    int n = answer(q, ql, out);
    if (n > 0 && chase[0]) { int e = 12; while (e < ql && q[e]) e += q[e] + 1; n = chase_cname(out, n, chase, (uint16_t)((q[e + 1] << 8) | q[e + 2])); }
    if (n < 0) n = forward(q, ql, out, sizeof out);
    if (n <= 0) break;
    unsigned char h[2] = { n >> 8, n };
    if (write_all(fd, (char *)h, 2) < 0 || write_all(fd, (char *)out, n) < 0) break;
  }
  close(fd); return NULL;
}

static uint32_t own_ip(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0); struct ifreq r; memset(&r, 0, sizeof r);
  strcpy(r.ifr_name, "eth0");
  uint32_t ip = 0;
  if (ioctl(s, SIOCGIFADDR, &r) == 0) ip = ((struct sockaddr_in *)&r.ifr_addr)->sin_addr.s_addr;
  close(s); return ip;
}

static uint32_t resolver(void) {
  FILE *f = fopen("/etc/resolv.conf", "r"); char line[256], ip[64]; struct in_addr a;
  uint32_t r = inet_addr("127.0.0.11");
  if (!f) return r;
  while (fgets(line, sizeof line, f)) if (sscanf(line, "nameserver %63s", ip) == 1 && inet_aton(ip, &a)) { r = a.s_addr; break; }
  fclose(f); return r;
}

int main(int argc, char **argv) {
  if (argc > 1) conf_path = argv[1];
  if (argc > 2) dial_port = atoi(argv[2]);
  signal(SIGPIPE, SIG_IGN);
  struct sigaction sa = { 0 }; sa.sa_handler = on_hup; sigaction(SIGHUP, &sa, NULL);
  sa.sa_handler = on_term; sigaction(SIGTERM, &sa, NULL); sigaction(SIGINT, &sa, NULL);
  setvbuf(stderr, NULL, _IONBF, 0);
  upstream = resolver();
  uint32_t me = own_ip();
  udp53 = listen_on(me, 53, SOCK_DGRAM);
  tcp53 = listen_on(me, 53, SOCK_STREAM);
  dialfd = listen_on(me, (uint16_t)dial_port, SOCK_STREAM);
  fprintf(stderr, "proxy: serving DNS on %s:53, dial port %d\n", inet_ntoa(*(struct in_addr *)&me), dial_port);
  for (;;) {
    if (hup) { hup = 0; load(); fprintf(stderr, "proxy: %d service ports, %d DNS records\n", nsvc, nrec); }
    int n = nsvc + 3; struct pollfd *p = calloc(n, sizeof *p);
    p[0].fd = udp53; p[1].fd = tcp53; p[2].fd = dialfd;
    for (int i = 0; i < nsvc; i++) p[i + 3].fd = svcs[i].fd;
    for (int i = 0; i < n; i++) p[i].events = POLLIN;
    int r = poll(p, n, 1000);
    if (r <= 0) { free(p); if (r == 0) conf_changed(); continue; }
    if (p[0].revents & POLLIN) {
      struct fwd *f = malloc(sizeof *f); socklen_t fl = sizeof f->from; unsigned char out[1500];
      f->qlen = recvfrom(udp53, f->q, sizeof f->q, 0, (struct sockaddr *)&f->from, &fl);
      int a = f->qlen > 0 ? answer(f->q, f->qlen, out) : 0;
      if (a > 0 && chase[0]) {
        struct chase_job *j = malloc(sizeof *j); memcpy(j->out, out, a); j->n = a; strcpy(j->target, chase); j->from = f->from;
        int e = 12; while (e < f->qlen && f->q[e]) e += f->q[e] + 1;
        j->qtype = (uint16_t)((f->q[e + 1] << 8) | f->q[e + 2]);
        spawn(chase_thread, j); free(f);
      } else if (a > 0) { sendto(udp53, out, a, 0, (struct sockaddr *)&f->from, fl); free(f); }
      else if (a < 0) spawn(fwd_thread, f); else free(f);
    }
    if (p[1].revents & POLLIN) { int c = accept4(tcp53, NULL, NULL, SOCK_CLOEXEC); if (c >= 0) spawn(tcpdns_thread, (void *)(intptr_t)c); }
    if (p[2].revents & POLLIN) { int c = accept4(dialfd, NULL, NULL, SOCK_CLOEXEC); if (c >= 0) spawn(dial_thread, (void *)(intptr_t)c); }
    for (int i = 0; i < nsvc; i++) {
      if (!(p[i + 3].revents & POLLIN)) continue;
      int c = accept4(svcs[i].fd, NULL, NULL, SOCK_CLOEXEC), one = 1;
      if (c < 0) continue;
      if (!svcs[i].nb) { close(c); continue; } /* no ready endpoints: refuse */
      setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      struct svc_conn *sc = malloc(sizeof *sc);
      sc->fd = c; sc->nb = svcs[i].nb; memcpy(sc->b, svcs[i].b, sizeof sc->b); sc->start = svcs[i].rr++;
      spawn(svc_thread, sc);
    }
    free(p);
  }
}
