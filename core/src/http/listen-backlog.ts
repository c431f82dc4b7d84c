/**
 * Connections a server's port holds before they are accepted (`server.listen`'s `backlog`). Node
 * accepts one connection per turn of its event loop (libuv since 1.45), so a busy process takes a
 * crowd arriving at once (another instance's clients after it went, every client after a restart)
 * at tens to hundreds a second. Past the queue, the kernel drops their SYNs and the connects are
 * tried again 1, 3, 7, 15 s later: Node's default of 511 made a reconnection of 500 clients take
 * up to 16 s. The kernel caps it at net.core.somaxconn (4096 by default since Linux 5.4).
 */
export const LISTEN_BACKLOG = 4096;
